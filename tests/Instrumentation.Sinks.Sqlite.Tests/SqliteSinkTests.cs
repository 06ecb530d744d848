using System.Globalization;
using Instrumentation.Collection;
using Instrumentation.Probes;
using Instrumentation.Snapshots;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace Instrumentation.Sinks.Sqlite.Tests;

/// <summary>Deltas in real database files add up exactly, roll up exactly, and expire exactly.</summary>
public sealed class SqliteSinkTests : IDisposable
{
    private static readonly DateTimeOffset s_start = DateTimeOffset.Parse("2026-11-24T22:30:00Z", CultureInfo.InvariantCulture);
    private readonly TempDatabase _db = new();
    private readonly FakeTimeProvider _time = new(s_start);

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task Deltas_from_many_batches_add_up_exactly()
    {
        var registry = new ProbeRegistry();
        EndpointProbe endpoint = registry.GetOrAddEndpoint("api.orders", [TagDefinition.Text("client")]);
        CacheSeries cache = registry.GetOrAddCache("catalog").Default;
        await using SqliteMetricsSink sink = NewSink();
        await using var collector = new InstrumentationCollector(registry, [sink], timeProvider: _time);
        var random = new Random(5);
        long calls = 0, failures = 0, duration = 0, hits = 0, misses = 0;

        for (int interval = 0; interval < 300; interval++)
        {
            for (int i = random.Next(0, 20); i > 0; i--)
            {
                var key = new SeriesKey(0);
                key.Add(i % 2 == 0 ? "web" : "ios");
                long ns = random.Next(1_000, 5_000_000);
                bool failed = random.Next(10) == 0;
                endpoint.GetSeries(in key).Record(ns, failed);
                (calls, failures, duration) = (calls + 1, failures + (failed ? 1 : 0), duration + ns);
            }

            bool hit = random.Next(3) > 0;
            cache.Lookup(hit);
            (hits, misses) = hit ? (hits + 1, misses) : (hits, misses + 1);
            _time.Advance(TimeSpan.FromSeconds(1));
            await collector.FlushAsync();
        }

        Assert.Equal(calls, _db.Scalar("SELECT sum(calls) FROM rollup_minute m JOIN series s ON s.id = m.series_id WHERE s.metric = 'api.orders'"));
        Assert.Equal(failures, _db.Scalar("SELECT sum(failures) FROM rollup_minute m JOIN series s ON s.id = m.series_id WHERE s.metric = 'api.orders'"));
        Assert.Equal(duration, _db.Scalar("SELECT sum(duration_sum) FROM rollup_minute m JOIN series s ON s.id = m.series_id WHERE s.metric = 'api.orders'"));
        Assert.Equal(hits, _db.Scalar("SELECT sum(hits) FROM rollup_minute m JOIN series s ON s.id = m.series_id WHERE s.metric = 'catalog'"));
        Assert.Equal(misses, _db.Scalar("SELECT sum(misses) FROM rollup_minute m JOIN series s ON s.id = m.series_id WHERE s.metric = 'catalog'"));
        Assert.Equal(6, _db.Scalar("SELECT count(DISTINCT bucket) FROM rollup_minute"));
        Assert.Equal(3, _db.Scalar("SELECT count(*) FROM series"));
    }

    [Fact]
    public async Task A_batch_is_written_once_BatchSize_series_are_pending()
    {
        var registry = new ProbeRegistry();
        EventProbe events = registry.GetOrAddEvent("batched", [TagDefinition.Text("n")]);
        await using var sink = new SqliteMetricsSink(new SqliteSinkOptions { Path = _db.Path, BatchSize = 3, MaxLatency = TimeSpan.FromDays(1), RollupInterval = TimeSpan.FromDays(1) }, _time);
        await using var collector = new InstrumentationCollector(registry, [sink], new CollectorOptions { Interval = TimeSpan.FromHours(1) }, _time);

        Increment(events, "a", "b");
        collector.Collect();
        await Task.Delay(50);
        Assert.Equal(2, collector.PendingDeltas(sink));
        Assert.Equal(0, _db.Scalar("SELECT count(*) FROM rollup_minute"));

        Increment(events, "c");
        collector.Collect();
        await WaitUntil(() => collector.PendingDeltas(sink) == 0);
        Assert.Equal(3, _db.Scalar("SELECT count(*) FROM rollup_minute"));
    }

    [Fact]
    public async Task Pending_rows_are_written_once_MaxLatency_has_passed()
    {
        var registry = new ProbeRegistry();
        EventSeries events = registry.GetOrAddEvent("waiting").Default;
        await using var sink = new SqliteMetricsSink(new SqliteSinkOptions { Path = _db.Path, MaxLatency = TimeSpan.FromSeconds(5), RollupInterval = TimeSpan.FromDays(1) }, _time);
        await using var collector = new InstrumentationCollector(registry, [sink], new CollectorOptions { Interval = TimeSpan.FromHours(1) }, _time);
        events.Add(4);
        collector.Collect();

        _time.Advance(TimeSpan.FromSeconds(4));
        await Task.Delay(50);
        Assert.Equal(1, collector.PendingDeltas(sink));

        _time.Advance(TimeSpan.FromSeconds(1));
        await WaitUntil(() => collector.PendingDeltas(sink) == 0);
        Assert.Equal(4, _db.Scalar("SELECT coalesce(sum(occurrences), 0) FROM rollup_minute"));
    }

    [Fact]
    public async Task A_delivery_written_twice_is_applied_once()
    {
        var series = new SeriesInfo("orders", ProbeKind.Event, []);
        var batch = new MetricsBatch(_time.GetUtcNow().AddSeconds(-1), _time.GetUtcNow(), [new SeriesDelta(series, new SeriesFields(SeriesSchema.Event) { [FieldNames.Occurrences] = 5 })], Guid.CreateVersion7());
        await using SqliteMetricsSink sink = NewSink();

        await sink.WriteAsync(batch, CancellationToken.None);
        await sink.WriteAsync(batch, CancellationToken.None);

        Assert.Equal(5, _db.Scalar("SELECT sum(occurrences) FROM rollup_minute"));
        Assert.Equal(1, _db.Scalar("SELECT count(*) FROM applied_delivery"));
    }

    private SqliteConnection LockDatabase()
    {
        var blocker = new SqliteConnection($"Data Source={_db.Path};Pooling=False");
        blocker.Open();
        using SqliteCommand lockIt = blocker.CreateCommand();
        lockIt.CommandText = "BEGIN EXCLUSIVE;";
        lockIt.ExecuteNonQuery();
        return blocker;
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (int i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition(), "the condition was not met within 5 s");
    }

    private static void Increment(EventProbe probe, params string[] values)
    {
        foreach (string value in values)
        {
            var key = new SeriesKey(0);
            key.Add(value);
            probe.GetSeries(in key).Increment();
        }
    }

    [Fact]
    public async Task Rollups_equal_the_sum_of_their_minutes_across_an_hour_and_a_day_boundary()
    {
        var registry = new ProbeRegistry();
        EndpointSeries series = registry.GetOrAddEndpoint("api.report").Default;
        await using SqliteMetricsSink sink = NewSink();
        await using var collector = new InstrumentationCollector(registry, [sink], timeProvider: _time);
        var random = new Random(9);
        for (int minute = 0; minute < 150; minute++)
        {
            for (int i = random.Next(1, 30); i > 0; i--)
            {
                series.Record(random.Next(10_000, 900_000_000), failed: i % 7 == 0);
            }

            _time.Advance(TimeSpan.FromMinutes(1));
            await collector.FlushAsync();
            if (minute % 40 == 0)
            {
                await sink.RollUpAsync();
            }
        }

        RollupResult? last = await sink.RollUpAsync();

        Assert.NotNull(last);
        foreach (string column in new[] { "calls", "failures", "duration_sum" })
        {
            Assert.Equal(_db.Scalar($"SELECT sum({column}) FROM rollup_minute WHERE bucket < (SELECT value FROM rollup_state)"), _db.Scalar($"SELECT sum({column}) FROM rollup_hour"));
            Assert.Equal(_db.Scalar($"SELECT sum({column}) FROM rollup_hour"), _db.Scalar($"SELECT sum({column}) FROM rollup_day"));
            foreach (object?[] hour in _db.Rows("SELECT bucket FROM rollup_hour"))
            {
                long bucket = (long)hour[0]!;
                Assert.Equal(
                    _db.Scalar($"SELECT sum({column}) FROM rollup_minute WHERE bucket >= $b AND bucket < $b + 3600", ("$b", bucket)),
                    _db.Scalar($"SELECT {column} FROM rollup_hour WHERE bucket = $b", ("$b", bucket)));
            }
        }

        Assert.Equal(2, _db.Scalar("SELECT count(*) FROM rollup_day"));
        Assert.Equal(BucketTotal("rollup_minute WHERE bucket < (SELECT value FROM rollup_state)"), BucketTotal("rollup_hour"));
    }

    [Fact]
    public async Task A_row_written_after_its_minute_was_rolled_up_still_reaches_its_hour_and_day()
    {
        var registry = new ProbeRegistry();
        EventSeries events = registry.GetOrAddEvent("late").Default;
        await using SqliteMetricsSink sink = NewSink();
        await using var collector = new InstrumentationCollector(registry, [sink], timeProvider: _time);

        events.Add(5);
        await collector.FlushAsync();
        _time.Advance(TimeSpan.FromMinutes(3));
        await sink.RollUpAsync();

        Assert.Equal(5, _db.Scalar("SELECT sum(occurrences) FROM rollup_minute"));
        Assert.Equal(5, _db.Scalar("SELECT sum(occurrences) FROM rollup_hour"));
        Assert.Equal(5, _db.Scalar("SELECT sum(occurrences) FROM rollup_day"));
        await sink.RollUpAsync();
        Assert.Equal(5, _db.Scalar("SELECT sum(occurrences) FROM rollup_hour"));
    }

    [Fact]
    public async Task A_late_gauge_reading_never_replaces_a_newer_one_in_its_hour_and_day()
    {
        await using SqliteMetricsSink sink = NewSink();
        var gauge = new SeriesInfo("queue.depth", ProbeKind.Gauge, []);
        DateTimeOffset hour = DateTimeOffset.Parse("2026-11-25T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        MetricsBatch Reading(int minute, long value) => new(hour.AddMinutes(minute), hour.AddMinutes(minute).AddSeconds(30), [new SeriesDelta(gauge, new SeriesFields(SeriesSchema.Gauge), value)], Guid.CreateVersion7());

        await sink.WriteAsync(Reading(minute: 30, value: 7), default);
        _time.AdjustTime(hour.AddMinutes(35));
        await sink.RollUpAsync();
        Assert.Equal(7, _db.Scalar("SELECT value FROM rollup_hour"));

        // A reading of 10:05 arrives after 10:30's was rolled up (an outage's delivery): 10:30's stays the hour's value.
        await sink.WriteAsync(Reading(minute: 5, value: 3), default);
        await sink.WriteAsync(Reading(minute: 31, value: 9), default);
        _time.AdjustTime(hour.AddMinutes(40));
        await sink.RollUpAsync();

        Assert.Equal((9, 9), (_db.Scalar("SELECT value FROM rollup_hour"), _db.Scalar("SELECT value FROM rollup_day")));
        await sink.WriteAsync(Reading(minute: 6, value: 4), default);
        Assert.Equal((9, 9), (_db.Scalar("SELECT value FROM rollup_hour"), _db.Scalar("SELECT value FROM rollup_day")));
        Assert.Equal(4, _db.Scalar("SELECT value FROM rollup_minute WHERE bucket = $b", ("$b", hour.AddMinutes(6).ToUnixTimeSeconds())));

        // Within one minute too: a reading taken at 10:45:10 that arrives after the one of 10:45:50 does not replace it.
        await sink.WriteAsync(new MetricsBatch(hour.AddMinutes(45), hour.AddMinutes(45).AddSeconds(50), [new SeriesDelta(gauge, new SeriesFields(SeriesSchema.Gauge), 12)], Guid.CreateVersion7()), default);
        await sink.WriteAsync(new MetricsBatch(hour.AddMinutes(45), hour.AddMinutes(45).AddSeconds(10), [new SeriesDelta(gauge, new SeriesFields(SeriesSchema.Gauge), 11)], Guid.CreateVersion7()), default);
        _time.AdjustTime(hour.AddMinutes(50));
        await sink.RollUpAsync();
        Assert.Equal(12, _db.Scalar("SELECT value FROM rollup_minute WHERE bucket = $b", ("$b", hour.AddMinutes(45).ToUnixTimeSeconds())));
        Assert.Equal((12, 12), (_db.Scalar("SELECT value FROM rollup_hour"), _db.Scalar("SELECT value FROM rollup_day")));
    }

    [Fact]
    public async Task Usage_series_keep_tokens_and_cost_in_columns_by_name_through_rollups_and_history()
    {
        var registry = new ProbeRegistry();
        UsageProbe usage = registry.GetOrAddUsage("llm", [TagDefinition.Text("model")], timed: true);
        await using SqliteMetricsSink sink = NewSink();
        await using var collector = new InstrumentationCollector(registry, [sink], timeProvider: _time);
        var key = new SeriesKey(0);
        key.Add("gpt-4o");
        UsageSeries series = usage.GetSeries(in key);
        series.Record(inputTokens: 1_200, outputTokens: 300, costMicros: 4_500, elapsedNanoseconds: 800_000_000, failed: false);
        series.Record(inputTokens: 800, outputTokens: -1, costMicros: 2_500, elapsedNanoseconds: 1_200_000_000, failed: true);
        series.RecordPriced(inputTokens: 10, outputTokens: 0, registry.UsagePrices, elapsedNanoseconds: 1, failed: false);

        await collector.FlushAsync();
        _time.Advance(TimeSpan.FromMinutes(3));
        await sink.RollUpAsync();

        Assert.Equal(
            (3L, 1L, 2_010L, 300L, 7_000L, 1L, 1L),
            (_db.Scalar("SELECT calls FROM rollup_hour"), _db.Scalar("SELECT failures FROM rollup_hour"), _db.Scalar("SELECT inputTokens FROM rollup_hour"),
             _db.Scalar("SELECT outputTokens FROM rollup_day"), _db.Scalar("SELECT costMicros FROM rollup_day"), _db.Scalar("SELECT rejected FROM rollup_minute"),
             _db.Scalar("SELECT unpriced FROM rollup_day")));
        SeriesAggregate history = Assert.Single(await new SqliteHistorySource(sink).ReadAsync(TimeSpan.FromHours(1), default));
        Assert.Equal((ProbeKind.Usage, 2_010L, 7_000L, 1L), (history.Series.Kind, history.Fields[FieldNames.InputTokens], history.Fields[FieldNames.CostMicros], history.Fields[FieldNames.Unpriced]));
        Assert.Equal(3, history.Histogram!.TotalCount);
    }

    [Fact]
    public async Task Retention_removes_exactly_the_rows_past_their_age()
    {
        var options = new SqliteSinkOptions { Path = _db.Path, MinuteRetention = TimeSpan.FromHours(2), HourRetention = TimeSpan.FromDays(1), DayRetention = TimeSpan.FromDays(2), MaxLatency = TimeSpan.FromDays(1), RollupInterval = TimeSpan.FromDays(1) };
        var registry = new ProbeRegistry();
        EventSeries events = registry.GetOrAddEvent("aging").Default;
        await using var sink = new SqliteMetricsSink(options, _time);
        await using var collector = new InstrumentationCollector(registry, [sink], timeProvider: _time);
        for (int minute = 0; minute < 4 * 24 * 60; minute += 10)
        {
            events.Increment();
            _time.Advance(TimeSpan.FromMinutes(10));
            await collector.FlushAsync();
            if (minute % 600 == 0)
            {
                await sink.RollUpAsync();
            }
        }

        await sink.RollUpAsync();

        long now = _time.GetUtcNow().ToUnixTimeSeconds();
        Assert.Equal(0, _db.Scalar("SELECT count(*) FROM rollup_minute WHERE bucket < $cut", ("$cut", Floor(now - 7200, 60))));
        long keptMinutes = ((now - Floor(now - 7200, 60)) / 600) + 1; // every 10 minutes from the cut-off minute to now, both included
        Assert.Equal(keptMinutes, _db.Scalar("SELECT count(*) FROM rollup_minute WHERE bucket >= $cut", ("$cut", Floor(now - 7200, 60))));
        Assert.Equal(0, _db.Scalar("SELECT count(*) FROM rollup_hour WHERE bucket < $cut", ("$cut", Floor(now - 86_400, 3600))));
        long keptHours = ((Floor(now, 3600) - Floor(now - 86_400, 3600)) / 3600) + 1; // every hour has data; both ends included
        Assert.Equal(keptHours, _db.Scalar("SELECT count(*) FROM rollup_hour"));
        Assert.Equal(0, _db.Scalar("SELECT count(*) FROM rollup_day WHERE bucket < $cut", ("$cut", Floor(now - (2 * 86_400), 86_400))));
        Assert.Equal(((Floor(now, 86_400) - Floor(now - (2 * 86_400), 86_400)) / 86_400) + 1, _db.Scalar("SELECT count(*) FROM rollup_day"));
    }

    [Fact]
    public async Task Percentiles_from_merged_buckets_are_within_the_stated_error()
    {
        var registry = new ProbeRegistry();
        EndpointSeries series = registry.GetOrAddEndpoint("api.search").Default;
        await using SqliteMetricsSink sink = NewSink();
        await using var collector = new InstrumentationCollector(registry, [sink], timeProvider: _time);
        var random = new Random(11);
        var values = new List<long>();
        for (int minute = 0; minute < 30; minute++)
        {
            for (int i = 0; i < 500; i++)
            {
                long ns = (long)Math.Exp(12 + (2 * random.NextDouble()));
                values.Add(ns);
                series.Record(ns, failed: false);
            }

            _time.Advance(TimeSpan.FromMinutes(1));
            await collector.FlushAsync();
        }

        SeriesAggregate aggregate = Assert.Single(await new SqliteHistorySource(sink).ReadAsync(TimeSpan.FromHours(1), default));

        values.Sort();
        Assert.Equal(values.Count, aggregate.Fields[FieldNames.Calls]);
        foreach (double q in new[] { 0.5, 0.95, 0.99 })
        {
            long exact = values[(int)Math.Ceiling(q * values.Count) - 1];
            Assert.InRange(aggregate.Histogram!.Percentile(q)!.Value, exact * 0.9375, exact * 1.0625);
        }
    }

    [Fact]
    public async Task A_write_to_a_locked_database_throws_and_writes_nothing()
    {
        var options = new SqliteSinkOptions { Path = _db.Path, BusyTimeout = TimeSpan.FromMilliseconds(100), RollupInterval = TimeSpan.FromDays(1) };
        await using var sink = new SqliteMetricsSink(options, _time);
        var series = new SeriesInfo("locked", ProbeKind.Event, []);
        var batch = new MetricsBatch(_time.GetUtcNow().AddSeconds(-1), _time.GetUtcNow(), [new SeriesDelta(series, new SeriesFields(SeriesSchema.Event) { [FieldNames.Occurrences] = 5 })], Guid.CreateVersion7());
        using (SqliteConnection blocker = LockDatabase())
        {
            await Assert.ThrowsAsync<SqliteException>(async () => await sink.WriteAsync(batch, CancellationToken.None));
        }

        Assert.Equal(0, _db.Scalar("SELECT count(*) FROM applied_delivery"));
        await sink.WriteAsync(batch, CancellationToken.None);
        Assert.Equal(5, _db.Scalar("SELECT sum(occurrences) FROM rollup_minute"));
    }

    [Fact]
    public async Task Disposing_does_not_wait_out_a_write_stuck_on_a_locked_database()
    {
        // A write waits up to BusyTimeout (30 s here) for the lock; the host's shutdown must not wait with it.
        var options = new SqliteSinkOptions { Path = _db.Path, BusyTimeout = TimeSpan.FromSeconds(30), RollupInterval = TimeSpan.FromDays(1) };
        var sink = new SqliteMetricsSink(options, _time);
        var series = new SeriesInfo("stuck", ProbeKind.Event, []);
        var batch = new MetricsBatch(_time.GetUtcNow(), _time.GetUtcNow(), [new SeriesDelta(series, new SeriesFields(SeriesSchema.Event) { [FieldNames.Occurrences] = 1 })], Guid.CreateVersion7());
        using SqliteConnection blocker = LockDatabase();
        Task stuck = Task.Run(async () => await sink.WriteAsync(batch, CancellationToken.None));
        await WaitUntil(() => sink.IsWriting);

        Task disposed = sink.DisposeAsync().AsTask();

        Assert.Same(disposed, await Task.WhenAny(disposed, Task.Delay(TimeSpan.FromSeconds(15))));
        Assert.False(stuck.IsCompleted);

        // Left to itself, the write lands once the file is free.
        blocker.Dispose();
        await stuck;
        Assert.Equal(1, _db.Scalar("SELECT sum(occurrences) FROM rollup_minute"));
    }

    [Fact]
    public async Task The_rows_of_a_30_minute_lock_wait_in_their_own_minutes_and_are_written_once_free()
    {
        var options = new SqliteSinkOptions { Path = _db.Path, BusyTimeout = TimeSpan.FromMilliseconds(50), RollupInterval = TimeSpan.FromDays(1) };
        var registry = new ProbeRegistry();
        EventSeries events = registry.GetOrAddEvent("locked").Default;
        await using var sink = new SqliteMetricsSink(options, _time);
        await using var collector = new InstrumentationCollector(registry, [sink], new CollectorOptions { Interval = TimeSpan.FromHours(1) }, _time);
        using (SqliteConnection blocker = LockDatabase())
        {
            for (int minute = 1; minute <= 30; minute++)
            {
                events.Add(minute);
                _time.Advance(TimeSpan.FromMinutes(1));
                await collector.FlushAsync();
            }

            Assert.Equal(30, collector.PendingDeltas(sink));
        }

        await collector.FlushAsync();

        Assert.Equal(0, collector.PendingDeltas(sink));
        Assert.Equal(465, _db.Scalar("SELECT sum(occurrences) FROM rollup_minute"));
        List<object?[]> minutes = _db.Rows("SELECT bucket, occurrences FROM rollup_minute ORDER BY bucket");
        Assert.Equal(30, minutes.Count);
        for (int minute = 1; minute <= 30; minute++)
        {
            Assert.Equal((s_start.AddMinutes(minute).ToUnixTimeSeconds(), (long)minute), ((long)minutes[minute - 1][0]!, (long)minutes[minute - 1][1]!));
        }
    }

    [Fact]
    public void A_file_that_is_not_a_database_is_one_clear_error_at_start()
    {
        File.WriteAllText(_db.Path, new string('x', 4096));

        var error = Assert.Throws<InvalidOperationException>(() => new SqliteMetricsSink(new SqliteSinkOptions { Path = _db.Path }, _time));

        Assert.Contains(_db.Path, error.Message, StringComparison.Ordinal);
        Assert.Contains("cannot be used", error.Message, StringComparison.Ordinal);
        Assert.Contains("move the file aside", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_path_that_cannot_be_written_is_one_clear_error_at_start()
    {
        string blocking = System.IO.Path.Combine(_db.Folder, "not-a-folder");
        File.WriteAllText(blocking, "a file where a folder should be");

        var error = Assert.Throws<InvalidOperationException>(() => new SqliteMetricsSink(new SqliteSinkOptions { Path = System.IO.Path.Combine(blocking, "history.db") }, _time));

        Assert.Contains("cannot be used", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrations_are_safe_to_run_on_every_start_and_keep_the_data()
    {
        var registry = new ProbeRegistry();
        registry.GetOrAddEvent("kept").Default.Add(3);
        await using (SqliteMetricsSink first = NewSink())
        {
            await using var collector = new InstrumentationCollector(registry, [first], timeProvider: _time);
            await collector.FlushAsync();
        }

        await using SqliteMetricsSink second = NewSink();

        Assert.Equal(SqliteMigrations.Latest, _db.Scalar("PRAGMA user_version"));
        Assert.Equal("wal", (string)_db.Rows("PRAGMA journal_mode")[0][0]!);
        Assert.Equal(3, _db.Scalar("SELECT sum(occurrences) FROM rollup_minute"));
    }

    [Fact]
    public async Task Tag_values_are_stored_as_data_never_as_sql()
    {
        var registry = new ProbeRegistry();
        var key = new SeriesKey(0);
        key.Add("x'); DROP TABLE series; --");
        registry.GetOrAddEvent("hostile", [TagDefinition.Text("client")]).GetSeries(in key).Increment();
        await using SqliteMetricsSink sink = NewSink();
        await using var collector = new InstrumentationCollector(registry, [sink], timeProvider: _time);
        await collector.FlushAsync();

        Assert.Equal(1, _db.Scalar("SELECT count(*) FROM series WHERE tags LIKE '%DROP TABLE%'"));
        IReadOnlyList<SeriesAggregate> history = await new SqliteHistorySource(sink).ReadAsync(TimeSpan.FromMinutes(5), default);
        Assert.Equal("x'); DROP TABLE series; --", Assert.Single(history).Series.Tags[0].Value);
    }

    [Fact]
    public async Task A_history_window_past_minute_retention_reads_its_older_part_from_hour_rows()
    {
        var registry = new ProbeRegistry();
        EventSeries orders = registry.GetOrAddEvent("orders").Default;
        await using var sink = new SqliteMetricsSink(new SqliteSinkOptions { Path = _db.Path, MaxLatency = TimeSpan.FromDays(1), RollupInterval = TimeSpan.FromDays(1), MinuteRetention = TimeSpan.FromHours(1) }, _time);
        await using var collector = new InstrumentationCollector(registry, [sink], timeProvider: _time);
        for (int i = 0; i < 5; i++)
        {
            orders.Increment();
        }

        await collector.FlushAsync();
        _time.Advance(TimeSpan.FromHours(3));
        orders.Increment();
        orders.Increment();
        await collector.FlushAsync();
        await sink.RollUpAsync();
        Assert.Equal(2L, _db.Scalar("SELECT sum(occurrences) FROM rollup_minute"));

        var history = new SqliteHistorySource(sink);
        SeriesAggregate fourHours = Assert.Single(await history.ReadAsync(TimeSpan.FromHours(4), default));
        Assert.Equal(7, fourHours.Fields[FieldNames.Occurrences]);
        // The data began at 22:30, in the hour row of 22:00: three and a half hours to 01:30.
        Assert.Equal(TimeSpan.FromHours(3.5), fourHours.Span);
        SeriesAggregate lastHour = Assert.Single(await history.ReadAsync(TimeSpan.FromHours(1), default));
        Assert.Equal(2, lastHour.Fields[FieldNames.Occurrences]);
    }

    private SqliteMetricsSink NewSink() =>
        new(new SqliteSinkOptions { Path = _db.Path, MaxLatency = TimeSpan.FromDays(1), RollupInterval = TimeSpan.FromDays(1) }, _time);

    private long BucketTotal(string from)
    {
        long total = 0;
        foreach (object?[] row in _db.Rows($"SELECT buckets FROM {from}"))
        {
            total += BucketBlob.Decode(row[0] as byte[]).Sum(b => b.Count);
        }

        return total;
    }

    private static long Floor(long seconds, long step) => seconds - (seconds % step);
}
