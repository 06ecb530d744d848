using System.Globalization;
using System.Text.Json;
using Instrumentation;
using Instrumentation.Collection;
using Microsoft.Data.Sqlite;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Instrumentation.AspNetCore.Tests;

/// <summary>
/// The dashboard in a real headless Chromium (Debian's <c>chromium</c>, which <c>./test.sh</c> installs when missing):
/// it loads with no console error and no failed request, shows the exact counts sent, follows new traffic, charts an
/// endpoint chosen with the keyboard and fits a phone. Screenshots are written next to the test assembly
/// (<c>dashboard.png</c> at 1280×800, <c>dashboard-phone.png</c> at 390×844).
/// </summary>
public sealed class DashboardBrowserTests
{
    [Fact]
    public async Task The_page_shows_the_requests_sent_follows_new_ones_and_logs_no_error()
    {
        await using KestrelApp app = await StartAsync("dashboard.work");
        await SendAsync(app, 7);

        await using DashboardBrowser browser = await DashboardBrowser.OpenAsync(app);
        await WaitForRequestsAsync(browser, "dashboard.work", 7);
        await SendAsync(app, 5);
        await WaitForRequestsAsync(browser, "dashboard.work", 12);

        Assert.Empty(browser.Problems);
        Assert.Equal("Instrumentation", await browser.Page.GetTitleAsync());
    }

    [Fact]
    public async Task An_endpoint_chosen_with_the_keyboard_is_charted_one_point_per_refresh_and_the_page_fits_a_phone()
    {
        await using KestrelApp app = await StartAsync("dashboard.chart");
        await SendAsync(app, 7);
        // Every snapshot the page reads from now on has the series, so each read is one point of its chart.
        await WaitForSnapshotAsync(app, "dashboard.chart", 7);

        await using DashboardBrowser browser = await DashboardBrowser.OpenAsync(app);
        await WaitForRequestsAsync(browser, "dashboard.chart", 7);
        await browser.Page.EvaluateFunctionAsync("name => [...document.querySelectorAll('#endpoints button.select')].find(b => b.textContent === name).focus()", "dashboard.chart");
        await browser.Page.Keyboard.PressAsync("Enter");
        await browser.WaitForAsync(
            "() => document.activeElement?.textContent === 'dashboard.chart' && document.activeElement.getAttribute('aria-pressed') === 'true'",
            "document.activeElement?.outerHTML",
            "showed dashboard.chart pressed and focused after Enter");
        await SendAsync(app, 5);

        // One point per snapshot read (the browser's own count of them), drawn and listed for screen readers alike.
        await browser.WaitForAsync(
            """
            () => {
              const points = document.querySelectorAll("#chart-plot g[data-series=requests] circle").length;
              const reads = performance.getEntriesByType("resource").filter(e => e.name.endsWith("snapshot?window=1m&scope=local")).length;
              const rows = document.querySelectorAll("#chart-data tr").length - 1;
              return points >= 3 && points === reads && rows === points && document.querySelector("#chart-caption").textContent.includes(`(${points} points`);
            }
            """,
            """
            JSON.stringify({ points: document.querySelectorAll("#chart-plot g[data-series=requests] circle").length,
              reads: performance.getEntriesByType("resource").filter(e => e.name.endsWith("snapshot?window=1m&scope=local")).length,
              rows: document.querySelectorAll("#chart-data tr").length, caption: document.querySelector("#chart-caption").textContent })
            """,
            "drew one point per snapshot read");
        Assert.Equal("Requests per second", await browser.Page.EvaluateExpressionAsync<string>("document.querySelector('#chart-plot g[data-series=requests] .panel-title').textContent"));
        await browser.ScreenshotAsync("dashboard.png");

        await browser.Page.SetViewportAsync(new PuppeteerSharp.ViewPortOptions { Width = 390, Height = 844 });
        await browser.WaitForAsync(
            "() => Number(document.querySelector('#chart-plot svg')?.getAttribute('width')) <= 390",
            "document.querySelector('#chart-plot svg')?.getAttribute('width')",
            "redrew the chart at phone width");
        int pageWidth = await browser.Page.EvaluateExpressionAsync<int>("document.documentElement.scrollWidth");
        string wider = await browser.Page.EvaluateExpressionAsync<string>(
            "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 390 && !e.closest('.scroll')).map(e => e.tagName + '#' + e.id + '.' + (e.className.baseVal ?? e.className)).join(', ')");
        await browser.ScreenshotAsync("dashboard-phone.png");

        Assert.True(pageWidth is > 0 and <= 390, $"The page is {pageWidth} px wide at 390 px; past the edge: {wider}");
        Assert.Empty(browser.Problems);
    }

    [Fact]
    public async Task With_sqlite_history_the_chart_shows_the_metrics_last_hour_one_point_per_minute_with_traffic()
    {
        string folder = Directory.CreateTempSubdirectory("instrumentation-dashboard-").FullName;
        try
        {
            await using KestrelApp app = await StartAsync("dashboard.history", i => i.AddSqlite(o => o.Path = Path.Combine(folder, "history.db")));
            await SendAsync(app, 6);
            // One minute, or two when the requests straddled a minute boundary: the export says which.
            int minutes = await WaitForHistoryAsync(app, "dashboard.history", 6);

            await using DashboardBrowser browser = await DashboardBrowser.OpenAsync(app);
            await WaitForRequestsAsync(browser, "dashboard.history", 6);
            await browser.Page.EvaluateFunctionAsync("name => [...document.querySelectorAll('#endpoints button.select')].find(b => b.textContent === name).focus()", "dashboard.history");
            await browser.Page.Keyboard.PressAsync("Enter");
            await browser.WaitForAsync(
                $$"""
                () => document.querySelectorAll("#chart-plot g[data-series=requests] circle").length === {{minutes}}
                    && document.querySelector("#chart-caption").textContent.includes("the metric's series added up ({{minutes}} point{{(minutes == 1 ? "" : "s")}})")
                    && [...document.querySelectorAll("#chart-data tr")].slice(1).reduce((sum, row) => sum + parseFloat(row.cells[1].textContent), 0) === 6
                """,
                """JSON.stringify({ caption: document.querySelector("#chart-caption").textContent, rows: document.querySelector("#chart-data").innerText })""",
                $"charted 6 requests in {minutes} minute(s) from the history");

            Assert.Equal("Requests per minute", await browser.Page.EvaluateExpressionAsync<string>("document.querySelector('#chart-plot g[data-series=requests] .panel-title').textContent"));
            Assert.Empty(browser.Problems);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task The_chart_draws_no_point_one_point_a_missing_p95_and_huge_values_at_finite_places()
    {
        await using KestrelApp app = await StartAsync("dashboard.idle");
        await using DashboardBrowser browser = await DashboardBrowser.OpenAsync(app);
        await browser.WaitForAsync("() => typeof drawChart === 'function' && typeof shortNumber === 'function'", "typeof drawChart", "loaded chart.js");

        // Per case: circles per panel | line segments per panel | top label per panel | whether any attribute is NaN or infinite.
        string drawn = await browser.Page.EvaluateFunctionAsync<string>(
            """
            () => {
              const panels = ["requests", "errorRate", "p95"].map(key => ({ key, title: key, format: shortNumber }));
              const t = Date.UTC(2026, 0, 1, 10, 0, 0);
              const cases = [
                [],
                [{ at: t, values: [2, 0, null] }],
                [{ at: t, values: [1, 0, 5] }, { at: t + 5000, values: [2, 0.5, null] }, { at: t + 10000, values: [3, 1, 7] }],
                [{ at: t, values: [1e300, 0, Number.MAX_VALUE] }, { at: t + 1000, values: [Infinity, NaN, 1e308] }],
              ];
              return cases.map(points => {
                const svg = drawChart(points, panels, "test", 600, true);
                const groups = [...svg.querySelectorAll("g")];
                const values = [...svg.querySelectorAll("*")].flatMap(e => [...e.attributes].map(a => a.value)).join(" ");
                return [
                  groups.map(g => g.querySelectorAll("circle").length).join(","),
                  groups.map(g => (g.querySelector(".line")?.getAttribute("d").match(/M/g) || []).length).join(","),
                  groups.map(g => g.querySelectorAll(".tick")[0].textContent).join(","),
                  /NaN|Infinity/.test(values) ? "broken" : "finite",
                ].join(" | ");
              }).join("\n");
            }
            """);

        Assert.Equal(
            """
            0,0,0 | 0,0,0 | 1,1,1 | finite
            1,1,0 | 1,1,0 | 2,1,1 | finite
            3,3,2 | 1,1,2 | 3,1,7 | finite
            1,1,2 | 1,1,1 | 1.00e+300,1,1.80e+308 | finite
            """,
            drawn);
        Assert.Empty(browser.Problems);
    }

    [Fact]
    public async Task Alerts_are_listed_firing_then_pending_then_the_rest_with_their_state_as_text_and_counted_in_the_header()
    {
        await using KestrelApp app = await StartAsync("dashboard.alerts");
        await using DashboardBrowser browser = await DashboardBrowser.OpenAsync(app);
        await browser.WaitForAsync("() => document.querySelector('#alerts td.empty') !== null", "document.querySelector('#alerts').innerText", "showed the alerts table");

        // The page's own renderer gets every state at once; one synchronous call, so no refresh interleaves.
        string shown = await browser.Page.EvaluateFunctionAsync<string>(
            """
            () => {
              const alert = (name, state) => ({ name, scope: "local", metric: "orders.checkout", tags: { region: "eu" }, field: "errorRate", window: "5m",
                condition: "> 0.05", state, value: state === "inactive" ? null : 0.12, activeSince: "2026-01-01T10:00:00Z", firingSince: "2026-01-01T10:01:00Z", resolvedAt: null });
              const rows = () => [...document.querySelectorAll("#alerts tr")].slice(1).map(r => [...r.cells].slice(0, 2).map(c => c.textContent).join(" ")).join(", ");
              const read = () => `${document.querySelector("#firing").textContent} | ${rows()}`;
              showAlerts([alert("a", "resolved"), alert("z", "firing"), alert("b", "pending"), alert("<img src=x>", "firing"), alert("d", "inactive")]);
              const listed = read() + ` | images ${document.querySelectorAll("#alerts img").length}`;
              showAlerts([]);
              const none = read();
              showAlerts(undefined);
              return [listed, none, read()].join("\n");
            }
            """);

        Assert.Equal(
            """
            2 firing | firing <img src=x>, firing z, pending b, resolved a, inactive d | images 0
            0 firing | No alert rules are configured.
             | No alert rules are configured.
            """,
            shown);
        Assert.Empty(browser.Problems);
    }

    [Fact]
    public async Task A_configured_rule_that_starts_firing_shows_on_the_page_from_the_snapshot()
    {
        await using KestrelApp app = await StartAsync("dashboard.fire", instrumentation => instrumentation.Services.Configure<Instrumentation.Alerts.AlertOptions>(
            o => o.Rules.Add(new() { Name = "busy work", Metric = "dashboard.fire", Field = "calls", Window = "1m", Threshold = ">= 3" })));
        await using DashboardBrowser browser = await DashboardBrowser.OpenAsync(app);
        await browser.WaitForAsync("() => document.querySelector('#firing')?.textContent === '0 firing'", "document.querySelector('#alerts').innerText", "showed the rule inactive");

        await SendAsync(app, 3);
        await browser.WaitForAsync("() => document.querySelector('#firing')?.textContent === '1 firing'", "document.querySelector('#alerts').innerText", "showed the rule firing");
        string row = await browser.Page.EvaluateExpressionAsync<string>("[...document.querySelectorAll('#alerts tr')][1].innerText");
        Assert.Contains("firing", row, StringComparison.Ordinal);
        Assert.Contains("busy work", row, StringComparison.Ordinal);
        Assert.Empty(browser.Problems);
    }

    /// <summary>An app whose <c>GET /work</c> counts as <paramref name="endpoint"/>, collected every 200 ms; <paramref name="sinks"/> may add sinks.</summary>
    internal static Task<KestrelApp> StartAsync(string endpoint, Action<InstrumentationBuilder>? sinks = null) =>
        KestrelApp.StartAsync(
            builder =>
            {
                InstrumentationBuilder instrumentation = builder.Services.AddInstrumentation(o => o.Interval = TimeSpan.FromMilliseconds(200));
                sinks?.Invoke(instrumentation);
            },
            web =>
            {
                web.MapGet("/work", () => "ok").WithMetadata(new TrackEndpointAttribute(endpoint));
                web.MapInstrumentation();
            });

    internal static async Task SendAsync(KestrelApp app, int requests)
    {
        for (int i = 0; i < requests; i++)
        {
            (await app.Client.GetAsync("/work")).EnsureSuccessStatusCode();
        }
    }

    /// <summary>Waits until the app's own 1-minute snapshot counts <paramref name="count"/> requests of <paramref name="endpoint"/>.</summary>
    private static async Task WaitForSnapshotAsync(KestrelApp app, string endpoint, int count)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            using JsonDocument snapshot = JsonDocument.Parse(await app.Client.GetStringAsync("/instrumentation/snapshot?window=1m"));
            if (snapshot.RootElement.GetProperty("endpoints").EnumerateArray().Any(e => e.GetProperty("name").GetString() == endpoint && e.GetProperty("requests").GetInt64() == count))
            {
                return;
            }

            Assert.True(waited.Elapsed < DashboardBrowser.Patience, $"The snapshot never counted {count} requests of {endpoint}.");
            await Task.Delay(50);
        }
    }

    /// <summary>Waits until the history's last hour of <paramref name="metric"/> counts <paramref name="calls"/> calls; returns its number of points (minutes with calls).</summary>
    private static async Task<int> WaitForHistoryAsync(KestrelApp app, string metric, int calls)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            await app.App.Services.GetRequiredService<InstrumentationCollector>().FlushAsync();
            string from = DateTimeOffset.UtcNow.AddHours(-1).ToString("O", CultureInfo.InvariantCulture);
            using HttpResponseMessage response = await app.Client.GetAsync($"/instrumentation/export?query=timeseries&metric={metric}&format=json&from={Uri.EscapeDataString(from)}");
            if (response.IsSuccessStatusCode)
            {
                using JsonDocument points = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                if (points.RootElement.EnumerateArray().Sum(p => p.GetProperty("calls").GetInt64()) == calls)
                {
                    return points.RootElement.GetArrayLength();
                }
            }

            Assert.True(waited.Elapsed < DashboardBrowser.Patience, $"The history never counted {calls} calls of {metric}.");
            await Task.Delay(50);
        }
    }

    /// <summary>Waits until the endpoints table's row for the endpoint shows <paramref name="count"/> requests; says what the page showed if it never does.</summary>
    internal static Task WaitForRequestsAsync(DashboardBrowser browser, string endpoint, int count) => browser.WaitForAsync(
        $$"""
        () => [...document.querySelectorAll("#endpoints tr")].some(row =>
            row.cells[0]?.textContent === "{{endpoint}}" && [...row.cells].some(cell => cell.textContent === "{{count}}"))
        """,
        "document.querySelector('#status').textContent + ' | ' + document.querySelector('#endpoints').innerText",
        $"showed {count} requests for {endpoint}");
}
