using System.Globalization;
using Instrumentation.Collection;
using Instrumentation.Probes;
using Instrumentation.Snapshots;
using Microsoft.Extensions.Time.Testing;

namespace Instrumentation.Tests;

public sealed class LocalWindowTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-11-24T10:00:00Z", CultureInfo.InvariantCulture));
    private readonly ProbeRegistry _registry = new();

    [Fact]
    public async Task The_last_minute_gives_counts_rate_error_rate_and_percentiles()
    {
        EndpointSeries series = _registry.GetOrAddEndpoint("api.search").Default;
        await using var collector = new InstrumentationCollector(_registry, timeProvider: _time);

        for (int second = 0; second < 60; second++)
        {
            for (int i = 0; i < 10; i++)
            {
                series.Record(elapsedNanoseconds: (i + 1) * 1_000_000L, failed: i == 0);
            }

            _time.Advance(TimeSpan.FromSeconds(1));
            collector.Collect();
        }

        EndpointSnapshot endpoint = Assert.Single((await Snapshot(collector, SnapshotWindow.OneMinute)).Endpoints);
        Assert.Equal(600, endpoint.Requests);
        Assert.Equal(60, endpoint.Errors);
        Assert.Equal(0.1, endpoint.ErrorRate, precision: 6);
        Assert.Equal(10, endpoint.RatePerSecond, precision: 1);
        Assert.InRange(endpoint.P50Ms!.Value, 5 * 0.9375, 5 * 1.0625);
        Assert.InRange(endpoint.P99Ms!.Value, 10 * 0.9375, 10 * 1.0625);
    }

    [Fact]
    public async Task Older_intervals_age_out_of_the_short_windows_but_stay_in_the_hour()
    {
        EventSeries series = _registry.GetOrAddEvent("signups").Default;
        await using var collector = new InstrumentationCollector(_registry, timeProvider: _time);

        series.Add(100);
        _time.Advance(TimeSpan.FromSeconds(1));
        collector.Collect();
        _time.Advance(TimeSpan.FromMinutes(3));
        series.Add(7);
        collector.Collect();

        Assert.Equal(7, (await Snapshot(collector, SnapshotWindow.OneMinute)).Events.Single().Count);
        Assert.Equal(107, (await Snapshot(collector, SnapshotWindow.FiveMinutes)).Events.Single().Count);

        _time.Advance(TimeSpan.FromMinutes(10));
        collector.Collect();
        Assert.Equal(0, (await Snapshot(collector, SnapshotWindow.FiveMinutes)).Events.Single().Count);
        Assert.Equal(107, (await Snapshot(collector, SnapshotWindow.OneHour)).Events.Single().Count);

        _time.Advance(TimeSpan.FromMinutes(62));
        Assert.Equal(0, (await Snapshot(collector, SnapshotWindow.OneHour)).Events.Single().Count);
    }

    [Fact]
    public async Task Active_tokens_are_issued_minus_revoked_within_one_lifetime()
    {
        TokenSeries series = _registry.GetOrAddToken("tokens", lifetime: TimeSpan.FromMinutes(10)).Default;
        await using var collector = new InstrumentationCollector(_registry, timeProvider: _time);

        for (int i = 0; i < 10; i++)
        {
            series.Issue();
        }

        series.Revoke();
        series.Revoke();
        series.Revoke();
        _time.Advance(TimeSpan.FromSeconds(1));
        collector.Collect();

        TokenSnapshot tokens = (await Snapshot(collector, SnapshotWindow.OneMinute)).Tokens.Single();
        Assert.Equal((10, 3, 7), (tokens.IssuedLastHour, tokens.RevokedLastHour, tokens.ActiveCount));

        _time.Advance(TimeSpan.FromMinutes(11));
        series.Issue();
        collector.Collect();
        tokens = (await Snapshot(collector, SnapshotWindow.OneMinute)).Tokens.Single();
        Assert.Equal((11, 3, 1), (tokens.IssuedLastHour, tokens.RevokedLastHour, tokens.ActiveCount));
    }

    [Fact]
    public async Task Caches_show_the_hit_rate_of_the_window_and_evictions_of_the_last_hour()
    {
        CacheSeries series = _registry.GetOrAddCache("sessions").Default;
        await using var collector = new InstrumentationCollector(_registry, timeProvider: _time);

        series.Evict();
        series.Evict();
        _time.Advance(TimeSpan.FromSeconds(1));
        collector.Collect();
        _time.Advance(TimeSpan.FromMinutes(30));
        for (int i = 0; i < 4; i++)
        {
            series.Lookup(hit: i != 0);
        }

        collector.Collect();

        CacheSnapshot cache = (await Snapshot(collector, SnapshotWindow.OneMinute)).Caches.Single();
        Assert.Equal(3, cache.Hits);
        Assert.Equal(1, cache.Misses);
        Assert.Equal(75, cache.HitRatePct);
        Assert.Equal(2, cache.EvictionsLastHour);
    }

    [Fact]
    public async Task The_rate_of_a_process_younger_than_the_window_is_over_its_age()
    {
        EventSeries series = _registry.GetOrAddEvent("boots").Default;
        await using var collector = new InstrumentationCollector(_registry, timeProvider: _time);

        series.Add(20);
        _time.Advance(TimeSpan.FromSeconds(10));
        collector.Collect();

        Assert.Equal(2, (await Snapshot(collector, SnapshotWindow.FiveMinutes)).Events.Single().RatePerSecond, precision: 6);
    }

    private ValueTask<InstrumentationSnapshot> Snapshot(InstrumentationCollector collector, SnapshotWindow window) =>
        new SnapshotService([new LocalSnapshotSource(collector.Windows)], _time).GetSnapshotAsync(window);
}
