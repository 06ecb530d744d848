using Instrumentation;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using PuppeteerSharp;

namespace Instrumentation.AspNetCore.Tests;

/// <summary>
/// The dashboard in a real headless Chromium (Debian's <c>chromium</c>, which <c>./test.sh</c> installs when missing):
/// it loads with no console error and no failed request, shows the exact counts sent, and follows new traffic. A
/// screenshot is written next to the test assembly (<c>dashboard.png</c>).
/// </summary>
public sealed class DashboardBrowserTests
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task The_page_shows_the_requests_sent_follows_new_ones_and_logs_no_error()
    {
        await using KestrelApp app = await KestrelApp.StartAsync(
            builder => builder.Services.AddInstrumentation(o => o.Interval = TimeSpan.FromMilliseconds(200)),
            web =>
            {
                web.MapGet("/work", [TrackEndpoint("dashboard.work")] () => "ok");
                web.MapInstrumentation();
            });
        await SendAsync(app, 7);

        await using IBrowser browser = await Puppeteer.LaunchAsync(new LaunchOptions
        {
            Headless = true,
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium",
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
        await using IPage page = await browser.NewPageAsync();
        var problems = new List<string>();
        page.Console += (_, e) =>
        {
            if (e.Message.Type == ConsoleType.Error)
            {
                lock (problems) { problems.Add("console: " + e.Message.Text); }
            }
        };
        page.PageError += (_, e) => { lock (problems) { problems.Add("page error: " + e.Message); } };
        page.RequestFailed += (_, e) => { lock (problems) { problems.Add("failed request: " + e.Request.Url); } };
        page.Response += (_, e) =>
        {
            if ((int)e.Response.Status >= 400)
            {
                lock (problems) { problems.Add($"{(int)e.Response.Status}: {e.Response.Url}"); }
            }
        };
        await page.SetViewportAsync(new ViewPortOptions { Width = 1280, Height = 800 });

        await page.GoToAsync(new Uri(app.Client.BaseAddress!, "/instrumentation/dashboard").ToString());
        await WaitForRequestsAsync(page, 7);
        await SendAsync(app, 5);
        await WaitForRequestsAsync(page, 12);

        await page.ScreenshotAsync(Path.Combine(AppContext.BaseDirectory, "dashboard.png"));
        Assert.Empty(problems);
        Assert.Equal("Instrumentation", await page.GetTitleAsync());
    }

    private static async Task SendAsync(KestrelApp app, int requests)
    {
        for (int i = 0; i < requests; i++)
        {
            (await app.Client.GetAsync("/work")).EnsureSuccessStatusCode();
        }
    }

    /// <summary>Waits until the endpoints table's row for the endpoint shows <paramref name="count"/> requests; says what the page showed if it never does.</summary>
    private static async Task WaitForRequestsAsync(IPage page, int count)
    {
        try
        {
            await page.WaitForFunctionAsync(
                $$"""
                () => [...document.querySelectorAll("#endpoints tr")].some(row =>
                    row.cells[0]?.textContent === "dashboard.work" && [...row.cells].some(cell => cell.textContent === "{{count}}"))
                """,
                new WaitForFunctionOptions { Timeout = (int)s_patience.TotalMilliseconds, PollingInterval = 100 });
        }
        catch (WaitTaskTimeoutException)
        {
            string shown = await page.EvaluateExpressionAsync<string>("document.querySelector('#status').textContent + ' | ' + document.querySelector('#endpoints').innerText + ' | rows ' + document.querySelectorAll('#endpoints tr').length");
            string snapshot = await page.EvaluateFunctionAsync<string>("async () => (await fetch('snapshot')).text()");
            shown += " | snapshot " + snapshot;
            Assert.Fail($"The page never showed {count} requests for dashboard.work; it showed: {shown}");
        }
    }
}
