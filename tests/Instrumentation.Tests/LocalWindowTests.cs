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

    [Fact]
    public async Task Active_tokens_stay_right_when_revocations_outlive_the_issues_they_revoke()
    {
        // 100 tokens a minute, each revoked 30 minutes later, living an hour: 3,000 are active at any time.
        TokenSeries series = _registry.GetOrAddToken("sessions.steady", lifetime: TimeSpan.FromHours(1)).Default;
        await using var collector = new InstrumentationCollector(_registry, timeProvider: _time);

        for (int minute = 0; minute < 180; minute++)
        {
            for (int i = 0; i < 100; i++)
            {
                series.Issue();
                if (minute >= 30)
                {
                    series.Revoke();
                }
            }

            _time.Advance(TimeSpan.FromMinutes(1));
            collector.Collect();
        }

        TokenSnapshot tokens = (await Snapshot(collector, SnapshotWindow.OneMinute)).Tokens.Single();
        Assert.Equal(3_000, tokens.ActiveCount);
    }

    [Fact]
    public async Task Revoking_more_than_is_active_never_goes_below_zero_nor_borrows_from_later_issues()
    {
        TokenSeries series = _registry.GetOrAddToken("sessions.overrevoked", lifetime: TimeSpan.FromMinutes(10)).Default;
        await using var collector = new InstrumentationCollector(_registry, timeProvider: _time);

        // Revocations of tokens this process never saw issued (issued before it started).
        for (int i = 0; i < 5; i++)
        {
            series.Revoke();
        }

        _time.Advance(TimeSpan.FromMinutes(1));
        collector.Collect();
        series.Issue();
        series.Issue();
        _time.Advance(TimeSpan.FromMinutes(1));
        collector.Collect();

        Assert.Equal(2, (await Snapshot(collector, SnapshotWindow.OneMinute)).Tokens.Single().ActiveCount);
    }

    [Fact]
    public async Task A_wall_clock_stepped_back_keeps_every_window()
    {
        var clock = new SteppableWallClock(_time);
        EventSeries series = _registry.GetOrAddEvent("orders.placed").Default;
        await using var collector = new InstrumentationCollector(_registry, timeProvider: clock);

        series.Add(10);
        _time.Advance(TimeSpan.FromSeconds(30));
        collector.Collect();

        clock.Step(TimeSpan.FromMinutes(-10));
        series.Add(5);
        _time.Advance(TimeSpan.FromSeconds(10));
        collector.Collect();

        var service = new SnapshotService([new LocalSnapshotSource(collector.Windows)], clock);
        Assert.Equal(15, (await service.GetSnapshotAsync(SnapshotWindow.OneMinute)).Events.Single().Count);
        Assert.Equal(15, (await service.GetSnapshotAsync(SnapshotWindow.OneHour)).Events.Single().Count);
    }

    [Fact]
    public async Task Percentiles_of_sub_microsecond_durations_are_not_rounded_away()
    {
        EndpointSeries series = _registry.GetOrAddEndpoint("cache.get").Default;
        await using var collector = new InstrumentationCollector(_registry, timeProvider: _time);

        for (int i = 0; i < 100; i++)
        {
            series.Record(elapsedNanoseconds: 400, failed: false);
        }

        _time.Advance(TimeSpan.FromSeconds(1));
        collector.Collect();

        EndpointSnapshot endpoint = (await Snapshot(collector, SnapshotWindow.OneMinute)).Endpoints.Single();
        Assert.InRange(endpoint.P50Ms!.Value, 0.0004 * 0.9375, 0.0004 * 1.0625);
        Assert.InRange(endpoint.P99Ms!.Value, 0.0004 * 0.9375, 0.0004 * 1.0625);
    }

    private ValueTask<InstrumentationSnapshot> Snapshot(InstrumentationCollector collector, SnapshotWindow window) =>
        new SnapshotService([new LocalSnapshotSource(collector.Windows)], _time).GetSnapshotAsync(window);

    /// <summary>A clock whose wall time can be stepped (as NTP or an operator does) while its monotonic timestamp runs on.</summary>
    private sealed class SteppableWallClock(FakeTimeProvider inner) : TimeProvider
    {
        private TimeSpan _offset;

        public void Step(TimeSpan by) => _offset += by;

        public override DateTimeOffset GetUtcNow() => inner.GetUtcNow() + _offset;

        public override long GetTimestamp() => inner.GetTimestamp();

        public override long TimestampFrequency => inner.TimestampFrequency;
    }
}
