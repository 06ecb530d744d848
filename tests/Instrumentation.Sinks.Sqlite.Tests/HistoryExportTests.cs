using System.Net;
using System.Text;
using System.Text.Json;
using Instrumentation.AspNetCore.Tests;
using Instrumentation.Collection;
using Instrumentation.Probes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Instrumentation.History;

namespace Instrumentation.Sinks.Sqlite.Tests;

/// <summary>Exports stream history as RFC 4180 CSV or JSON, also through GET /instrumentation/export.</summary>
public sealed class HistoryExportTests : IDisposable
{
    private readonly TempDatabase _db = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task Csv_quotes_commas_quotes_and_line_breaks_and_keeps_numbers_plain()
    {
        TagValueTotals[] rows = [new("web", Calls(3, 1), 2.5), new("a,b \"c\"\nd", Calls(10, 0), null)];
        using var stream = new MemoryStream();

        await HistoryExport.WriteCsvAsync(rows.ToAsyncEnumerable(), HistoryExport.TagValues(SeriesSchema.Endpoint), stream);

        Assert.Equal("value,calls,failures,p95Ms\r\n\"web\",3,1,2.5\r\n\"a,b \"\"c\"\"\nd\",10,0,\r\n", Encoding.UTF8.GetString(stream.ToArray()));
    }

    [Fact]
    public async Task Csv_text_a_spreadsheet_would_run_as_a_formula_is_made_inert_and_numbers_stay_numbers()
    {
        string[] hostile = ["=HYPERLINK(\"http://evil\")", "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd", "plain-ish", "a;=1+1", "'=1"];
        TagValueTotals[] rows = [.. hostile.Select(v => new TagValueTotals(v, Calls(3, 1), -0.5))];
        using var stream = new MemoryStream();

        await HistoryExport.WriteCsvAsync(rows.ToAsyncEnumerable(), HistoryExport.TagValues(SeriesSchema.Endpoint), stream);

        string[] lines = Encoding.UTF8.GetString(stream.ToArray()).Split("\r\n");
        Assert.Equal(
            ["\"'=HYPERLINK(\"\"http://evil\"\")\",3,1,-0.5", "\"'+1+1\",3,1,-0.5", "\"'-2+3\",3,1,-0.5", "\"'@SUM(A1)\",3,1,-0.5", "\"'\tcmd\",3,1,-0.5", "\"'\rcmd\",3,1,-0.5",
             "\"plain-ish\",3,1,-0.5", "\"a;=1+1\",3,1,-0.5", "\"''=1\",3,1,-0.5"],
            lines[1..10]);
    }

    [Fact]
    public async Task Json_is_an_array_of_objects_with_numbers_and_nulls()
    {
        TagValueTotals[] rows = [new("web", Calls(3, 1), 2.5), new("ios", Calls(10, 0), null)];
        using var stream = new MemoryStream();

        await HistoryExport.WriteJsonAsync(rows.ToAsyncEnumerable(), HistoryExport.TagValues(SeriesSchema.Endpoint), stream);

        Assert.Equal("""[{"value":"web","calls":3,"failures":1,"p95Ms":2.5},{"value":"ios","calls":10,"failures":0,"p95Ms":null}]""", Encoding.UTF8.GetString(stream.ToArray()));
    }

    [Theory]
    [InlineData("to=0001-01-01T00:00:00Z", "to")]
    [InlineData("from=0001-01-01T00:00:00Z", "from")]
    [InlineData("from=1969-12-31T23:00:00Z&to=1970-01-02T00:00:00Z", "from")]
    [InlineData("to=9999-12-31T23:59:59Z&granularity=day", "to")]
    [InlineData("from=9999-12-31T00:00:00Z&to=9999-12-31T23:59:59Z", "to")]
    [InlineData("to=2026-13-01T00:00:00Z", "to")]
    [InlineData("to=1970-01-01T00:00:00Z", "to")]
    public async Task A_date_the_history_cannot_serve_is_a_400_naming_the_parameter(string dates, string parameter)
    {
        await using KestrelApp app = await KestrelApp.StartAsync(
            builder => builder.Services.AddInstrumentation().AddSqlite(o => o.Path = _db.Path),
            web => web.MapInstrumentation());

        foreach (string query in new[] { "top", "failures", "timeseries&metric=any" })
        {
            using HttpResponseMessage response = await app.Client.GetAsync($"/instrumentation/export?query={query}&{dates}");
            using JsonDocument problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal(parameter, problem.RootElement.GetProperty("parameter").GetString());
        }
    }

    private static SeriesFields Calls(long calls, long failures) => new(SeriesSchema.Endpoint) { [FieldNames.Calls] = calls, [FieldNames.Failures] = failures };

    [Fact]
    public async Task The_export_route_streams_history_and_refuses_bad_values_naming_the_parameter()
    {
        await using KestrelApp app = await KestrelApp.StartAsync(
            builder => builder.Services.AddInstrumentation(o => o.Interval = TimeSpan.FromMilliseconds(50)).AddSqlite(o => o.Path = _db.Path),
            web =>
            {
                web.MapGet("/work", [TrackEndpoint("export.work")] () => "ok");
                web.MapInstrumentation();
            });
        HttpClient client = app.Client;
        for (int i = 0; i < 5; i++)
        {
            (await client.GetAsync("/work")).EnsureSuccessStatusCode();
        }

        // ASP.NET Core records a request after its response reached the client; wait (by time, not attempts, so a
        // loaded machine gets as long as an idle one) until the five calls are in the file.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (_db.Scalar("SELECT coalesce(sum(calls), 0) FROM rollup_minute") < 5 && waited.Elapsed < TimeSpan.FromSeconds(30))
        {
            await app.App.Services.GetRequiredService<InstrumentationCollector>().FlushAsync();
            await Task.Delay(20);
        }

        Assert.Equal(5, _db.Scalar("SELECT coalesce(sum(calls), 0) FROM rollup_minute"));

        using HttpResponseMessage csv = await client.GetAsync("/instrumentation/export?query=top&format=csv");
        string csvText = await csv.Content.ReadAsStringAsync();
        using JsonDocument json = JsonDocument.Parse(await client.GetStringAsync("/instrumentation/export?query=timeseries&metric=export.work&granularity=hour"));
        using HttpResponseMessage bad = await client.GetAsync("/instrumentation/export?granularity=week");
        using JsonDocument problem = JsonDocument.Parse(await bad.Content.ReadAsStringAsync());
        using HttpResponseMessage noMetric = await client.GetAsync("/instrumentation/export?query=tags");
        using HttpResponseMessage emptyTag = await client.GetAsync("/instrumentation/export?query=failures&tag=");
        string timeCsv = await client.GetStringAsync("/instrumentation/export?query=timeseries&metric=export.work&format=csv");
        using HttpResponseMessage unknown = await client.GetAsync("/instrumentation/export?query=timeseries&metric=never.recorded");
        using JsonDocument unknownProblem = JsonDocument.Parse(await unknown.Content.ReadAsStringAsync());

        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        // Other test classes run at the same time and record into the same shared registry, which this app's
        // collector also reads: their endpoints may rank above ours, so find our row rather than expect it first.
        string[] rows = csvText.Split("\r\n");
        Assert.Equal("name,tags,requests,errors,errorRate,p50Ms,p95Ms,p99Ms", rows[0]);
        Assert.Single(rows, row => row.StartsWith("\"export.work\",,5,0,0,", StringComparison.Ordinal));
        Assert.Equal(5, json.RootElement.EnumerateArray().Sum(p => p.GetProperty("calls").GetInt64()));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("granularity", problem.RootElement.GetProperty("parameter").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, noMetric.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, emptyTag.StatusCode);
        Assert.StartsWith("at,calls,failures,p50Ms,p95Ms,p99Ms\r\n", timeCsv, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("never.recorded", unknownProblem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
