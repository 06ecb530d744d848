using System.Globalization;
using Instrumentation.AspNetCore;
using Instrumentation.Collection;
using Instrumentation.Probes;
using Microsoft.Extensions.Time.Testing;
using Instrumentation.History;
using Instrumentation.Snapshots;

namespace Instrumentation.Sinks.Sqlite.Tests;

/// <summary>Queries over stored history give exact totals at every granularity, rolled up or not yet.</summary>
public sealed class HistoryQueryTests : IDisposable
{
    private static readonly DateTimeOffset s_start = DateTimeOffset.Parse("2026-11-24T09:00:00Z", CultureInfo.InvariantCulture);
    private readonly TempDatabase _db = new();
    private readonly FakeTimeProvider _time = new(s_start);

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task Top_endpoints_are_exact_and_the_same_from_minutes_and_from_hours()
    {
        await using SqliteMetricsSink sink = await HistoryAsync();
        var queries = new HistoryQueries(sink);
        DateTimeOffset now = _time.GetUtcNow();

        EndpointTotals[] fromMinutes = await queries.TopEndpointsAsync(HistoryRange.Last(TimeSpan.FromHours(4), now), TopEndpointsOrder.Requests, limit: 10).ToArrayAsync();
        EndpointTotals[] fromHours = await queries.TopEndpointsAsync(HistoryRange.Last(TimeSpan.FromHours(4), now, Granularity.Hour), TopEndpointsOrder.Requests, limit: 10).ToArrayAsync();
        EndpointTotals[] byErrors = await queries.TopEndpointsAsync(HistoryRange.Last(TimeSpan.FromHours(4), now), TopEndpointsOrder.Errors, limit: 1).ToArrayAsync();
        EndpointTotals[] byP99 = await queries.TopEndpointsAsync(HistoryRange.Last(TimeSpan.FromHours(4), now), TopEndpointsOrder.P99, limit: 1).ToArrayAsync();

        Assert.Equal([("api.orders", "web", 450L, 30L), ("api.orders", "ios", 360L, 135L), ("api.report", "", 60L, 0L)], fromMinutes.Select(Summary));
        Assert.Equal(fromMinutes.Select(Summary), fromHours.Select(Summary));
        Assert.Equal("ios", byErrors.Single().Tags.Single().Value);
        Assert.Equal("api.report", byP99.Single().Name);
        Assert.InRange(byP99.Single().P99Ms!.Value, 250 * 0.9375, 250 * 1.0625);
    }

    [Fact]
    public async Task Failure_rates_are_given_per_series_and_per_tag_value()
    {
        await using SqliteMetricsSink sink = await HistoryAsync();

        FailureTotals[] rates = await new HistoryQueries(sink).FailureRatesAsync(HistoryRange.Last(TimeSpan.FromHours(4), _time.GetUtcNow())).ToArrayAsync();

        FailureTotals ios = rates.Single(r => r.Tag is null && r.Value == "client=ios");
        Assert.Equal((360, 135, 0.375), (ios.Requests, ios.Errors, ios.FailureRate));
        FailureTotals byClient = rates.Single(r => r.Tag == "client" && r.Value == "web");
        Assert.Equal((450, 30, 0.0667), (byClient.Requests, byClient.Errors, byClient.FailureRate));
        Assert.Equal(rates.Where(r => r.Tag is null).OrderByDescending(r => r.FailureRate).Select(r => r.Value), rates.Where(r => r.Tag is null).Select(r => r.Value));
    }

    [Fact]
    public async Task Failure_rates_for_one_tag_are_the_rates_per_value_of_that_tag_only()
    {
        await using SqliteMetricsSink sink = await HistoryAsync();

        FailureTotals[] rates = await new HistoryQueries(sink).FailureRatesAsync(HistoryRange.Last(TimeSpan.FromHours(4), _time.GetUtcNow()), tag: "client").ToArrayAsync();

        Assert.Equal([("client", "ios", 360L, 135L, 0.375), ("client", "web", 450L, 30L, 0.0667)], rates.Select(r => (r.Tag, r.Value, r.Requests, r.Errors, r.FailureRate)));
    }

    [Fact]
    public async Task Top_endpoints_by_p99_keep_the_slowest_in_order_for_any_limit()
    {
        await using SqliteMetricsSink sink = await HistoryAsync();
        var queries = new HistoryQueries(sink);
        HistoryRange range = HistoryRange.Last(TimeSpan.FromHours(4), _time.GetUtcNow());

        EndpointTotals[] all = await queries.TopEndpointsAsync(range, TopEndpointsOrder.P99, limit: 10).ToArrayAsync();
        EndpointTotals[] two = await queries.TopEndpointsAsync(range, TopEndpointsOrder.P99, limit: 2).ToArrayAsync();

        Assert.Equal(3, all.Length);
        Assert.Equal(all.OrderByDescending(e => e.P99Ms).ThenByDescending(e => e.Requests).Select(Summary), all.Select(Summary));
        Assert.Equal(all.Take(2).Select(Summary), two.Select(Summary));
    }

    [Fact]
    public async Task Tag_values_give_totals_per_client()
    {
        await using SqliteMetricsSink sink = await HistoryAsync();

        TagValueTotals[] clients = await new HistoryQueries(sink).TagValuesAsync("api.orders", "client", HistoryRange.Last(TimeSpan.FromHours(4), _time.GetUtcNow())).ToArrayAsync();

        Assert.Equal([("web", 450L, 30L), ("ios", 360L, 135L)], clients.Select(c => (c.Value, c.Fields[FieldNames.Calls], c.Fields[FieldNames.Failures])));
        Assert.InRange(clients[0].P95Ms!.Value, 2 * 0.9375, 2 * 1.0625);
    }

    [Fact]
    public async Task A_time_series_per_hour_includes_the_minutes_not_yet_rolled_up()
    {
        await using SqliteMetricsSink sink = await HistoryAsync();

        TimePoint[] hours = await new HistoryQueries(sink).TimeSeriesAsync("api.orders", HistoryRange.Last(TimeSpan.FromHours(4), _time.GetUtcNow(), Granularity.Hour)).ToArrayAsync();
        TimePoint[] minutes = await new HistoryQueries(sink).TimeSeriesAsync("api.orders", HistoryRange.Last(TimeSpan.FromHours(4), _time.GetUtcNow())).ToArrayAsync();

        Assert.Equal([s_start, s_start.AddHours(1), s_start.AddHours(2)], hours.Select(h => h.At));
        Assert.Equal([270L, 270L, 270L], hours.Select(h => h.Fields[FieldNames.Calls]));
        Assert.Equal(810, minutes.Sum(m => m.Fields[FieldNames.Calls]));
        Assert.True(_db.Scalar("SELECT count(*) FROM rollup_minute WHERE bucket >= (SELECT value FROM rollup_state)") > 0, "some minutes are not rolled up yet");
    }

    [Fact]
    public async Task A_range_that_ends_before_it_starts_is_refused()
    {
        await using SqliteMetricsSink sink = await HistoryAsync();
        DateTimeOffset now = _time.GetUtcNow();

        await Assert.ThrowsAsync<ArgumentException>(async () => await new HistoryQueries(sink).TimeSeriesAsync("api.orders", new HistoryRange(now, now.AddHours(-1))).ToArrayAsync());
    }

    /// <summary>
    /// Three hours: web 2 or 3 calls a minute (450, 30 failing, 2 ms), ios 4 calls every other minute
    /// (360, 135 failing, 3 ms), a slow report every third minute (60, 250 ms). Rolled up once, mid-way,
    /// so the later minutes are not in the hour table yet.
    /// </summary>
    private async Task<SqliteMetricsSink> HistoryAsync()
    {
        var registry = new ProbeRegistry();
        EndpointProbe orders = registry.GetOrAddEndpoint("api.orders", [TagDefinition.Text("client")]);
        EndpointSeries report = registry.GetOrAddEndpoint("api.report").Default;
        var sink = new SqliteMetricsSink(new SqliteSinkOptions { Path = _db.Path, MaxLatency = TimeSpan.FromDays(1), RollupInterval = TimeSpan.FromDays(1) }, _time);
        await using var collector = new InstrumentationCollector(registry, [sink], timeProvider: _time);
        for (int minute = 0; minute < 180; minute++)
        {
            Record(orders, "web", calls: minute % 2 == 0 ? 3 : 2, failures: minute % 6 == 0 ? 1 : 0, nanoseconds: 2_000_000);
            if (minute % 2 == 0)
            {
                Record(orders, "ios", calls: 4, failures: minute % 4 == 0 ? 3 : 0, nanoseconds: 3_000_000);
            }

            if (minute % 3 == 0)
            {
                report.Record(250_000_000, failed: false);
            }

            await collector.FlushAsync();
            _time.Advance(TimeSpan.FromMinutes(1));
            if (minute == 150)
            {
                await sink.RollUpAsync();
            }
        }

        return sink;
    }

    private static void Record(EndpointProbe probe, string client, int calls, int failures, long nanoseconds)
    {
        var key = new SeriesKey(0);
        key.Add(client);
        EndpointSeries series = probe.GetSeries(in key);
        for (int i = 0; i < calls; i++)
        {
            series.Record(nanoseconds, failed: i < failures);
        }
    }

    private static (string, string, long, long) Summary(EndpointTotals e) => (e.Name, e.Tags.FirstOrDefault().Value ?? string.Empty, e.Requests, e.Errors);
}
