using System.Globalization;
using Instrumentation.Collection;
using Instrumentation.Probes;
using Microsoft.Extensions.Time.Testing;

namespace Instrumentation.Tests;

/// <summary>The pump owns delivery: a failed batch is retried unchanged with growing, jittered delays, newer deltas wait.</summary>
public sealed class DeliveryTests
{
    /// <summary>No collection and no retry unless the test asks (Collect, FlushAsync).</summary>
    private static readonly CollectorOptions s_onlyWhenTold = new() { Interval = TimeSpan.FromHours(1), RetryDelay = TimeSpan.FromHours(1), MaxRetryDelay = TimeSpan.FromHours(1) };

    [Fact]
    public async Task A_failed_batch_is_retried_unchanged_and_newer_deltas_wait_in_the_next_batch()
    {
        var registry = new ProbeRegistry();
        EventSeries events = registry.GetOrAddEvent("orders").Default;
        var sink = new RecordingSink();
        sink.FailNext(2);
        // Only the flushes collect and retry: with the default 1-second retry, a loaded machine's timer could retry the
        // first batch between two flushes and deliver 7 on its own (seen once in CI).
        await using var collector = new InstrumentationCollector(registry, [sink], s_onlyWhenTold);

        events.Add(5);
        await collector.FlushAsync();
        events.Add(7);
        await collector.FlushAsync();
        events.Add(11);
        await collector.FlushAsync();
        await collector.FlushAsync();

        // Attempts: the first batch fails twice, then succeeds unchanged; the newer deltas (7 and 11) follow as one batch.
        Assert.Equal(23, sink.Counter("orders", EventFields.Occurrences));
        (Guid firstId, Dictionary<string, long> first) = sink.Attempts[0];
        Assert.All(sink.Attempts.Take(3), a => Assert.Equal((firstId, 5L), (a.DeliveryId, a.FirstFields["orders"])));
        Assert.Equal(18, sink.Attempts[3].FirstFields["orders"]);
        Assert.NotEqual(firstId, sink.Attempts[3].DeliveryId);
        Assert.Equal(4, sink.Attempts.Count);
        Assert.Equal(5, first["orders"]);
    }

    [Fact]
    public async Task Retries_wait_longer_each_time_within_their_jitter_and_stop_growing_at_the_maximum()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-02T10:00:00Z", CultureInfo.InvariantCulture));
        var registry = new ProbeRegistry();
        registry.GetOrAddEvent("retried").Default.Add(1);
        var sink = new RecordingSink();
        sink.FailNext(5);
        var options = new CollectorOptions { Interval = TimeSpan.FromHours(1), RetryDelay = TimeSpan.FromSeconds(4), MaxRetryDelay = TimeSpan.FromSeconds(16) };
        await using var collector = new InstrumentationCollector(registry, [sink], options, time);
        collector.Collect();

        // Each retry is scheduled after half its delay at the earliest and the whole delay at the latest (4, 8, 16, 16 s),
        // and made when that time comes, not before.
        int failed = 0;
        foreach (int delaySeconds in new[] { 4, 8, 16, 16 })
        {
            DateTimeOffset retryAt = await RetryScheduled(collector, sink, time, failedWrites: ++failed);
            Assert.InRange(retryAt - time.GetUtcNow(), TimeSpan.FromSeconds(delaySeconds / 2.0), TimeSpan.FromSeconds(delaySeconds));
            time.Advance(retryAt - time.GetUtcNow() - TimeSpan.FromMilliseconds(1));
            await Task.Delay(30);
            Assert.Equal((failed, 0), (sink.FailedWrites, sink.Writes));
            time.Advance(TimeSpan.FromMilliseconds(1));
            await WaitUntil(() => sink.FailedWrites + sink.Writes > failed);
        }

        await RetryScheduled(collector, sink, time, failedWrites: 5);
        time.Advance(TimeSpan.FromSeconds(16));
        await WaitUntil(() => sink.Writes == 1);
        Assert.Equal(1, sink.Counter("retried", EventFields.Occurrences));
        Assert.Single(sink.Attempts.Select(a => a.DeliveryId).Distinct());
    }

    [Fact]
    public async Task The_deltas_of_a_30_minute_outage_reach_the_sink_in_their_own_minutes()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-02T10:00:30Z", CultureInfo.InvariantCulture));
        var registry = new ProbeRegistry();
        EventSeries events = registry.GetOrAddEvent("orders").Default;
        var sink = new RecordingSink { Policy = new SinkPolicy { TimeBucket = TimeSpan.FromMinutes(1) } };
        sink.FailNext(int.MaxValue);
        await using var collector = new InstrumentationCollector(registry, [sink], s_onlyWhenTold, time);

        // Two collections a minute for 30 minutes, minute m counting m + 1 events, while every write fails.
        for (int minute = 0; minute < 30; minute++)
        {
            for (int half = 0; half < 2; half++)
            {
                if (half == 0)
                {
                    events.Add(minute + 1);
                }

                collector.Collect();
                time.Advance(TimeSpan.FromSeconds(20));
            }

            time.Advance(TimeSpan.FromSeconds(20));
        }

        Assert.Equal(30, collector.PendingDeltas(sink));
        sink.FailNext(0);
        await collector.FlushAsync();

        // One delivery per minute, in order, each with that minute's count.
        Assert.Equal(30, sink.Batches.Count);
        for (int minute = 0; minute < 30; minute++)
        {
            MetricsBatch batch = sink.Batches[minute];
            Assert.Equal(time.Start.AddMinutes(minute).AddSeconds(-30).Minute, batch.To.Minute);
            Assert.Equal(minute + 1, Assert.Single(batch.Deltas).Fields[FieldNames.Occurrences]);
        }

        Assert.Equal(465, sink.Counter("orders", EventFields.Occurrences));
        Assert.Equal(0, collector.PendingDeltas(sink));
    }

    [Fact]
    public async Task An_outage_longer_than_MaxPendingBuckets_folds_its_oldest_buckets_and_keeps_every_count()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-02T10:00:00Z", CultureInfo.InvariantCulture));
        var registry = new ProbeRegistry();
        EventSeries events = registry.GetOrAddEvent("orders").Default;
        var sink = new RecordingSink { Policy = new SinkPolicy { TimeBucket = TimeSpan.FromSeconds(10), MaxPendingBuckets = 3 } };
        sink.FailNext(int.MaxValue);
        await using var collector = new InstrumentationCollector(registry, [sink], s_onlyWhenTold, time);

        foreach (int count in new[] { 1, 2, 4, 8, 16 })
        {
            time.Advance(TimeSpan.FromSeconds(10));
            events.Add(count);
            collector.Collect();
            await WaitUntil(() => sink.FailedWrites == 1);
        }

        // The failed delivery (1) waits to be retried; of the newer buckets (2, 4, 8, 16) at most 3 wait: 2 was folded into 4.
        Assert.Equal(4, collector.PendingDeltas(sink));
        sink.FailNext(0);
        await collector.FlushAsync();

        Assert.Equal([1L, 6L, 8L, 16L], sink.Batches.Select(b => Assert.Single(b.Deltas).Fields[FieldNames.Occurrences]));
        Assert.Equal(31, sink.Counter("orders", EventFields.Occurrences));
    }

    [Fact]
    public async Task MaxBatchSize_splits_a_bucket_into_several_deliveries_and_starts_a_write_before_MaxLatency()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-02T10:00:00Z", CultureInfo.InvariantCulture));
        var registry = new ProbeRegistry();
        EventProbe events = registry.GetOrAddEvent("orders", [TagDefinition.Text("shop")]);
        var sink = new RecordingSink { Policy = new SinkPolicy { MaxBatchSize = 2, MaxLatency = TimeSpan.FromDays(1) } };
        await using var collector = new InstrumentationCollector(registry, [sink], new CollectorOptions { Interval = TimeSpan.FromHours(1) }, time);

        Increment(events, "a");
        collector.Collect();
        await Task.Delay(50);
        Assert.Equal((0, 1), (sink.Writes, collector.PendingDeltas(sink)));

        Increment(events, "b", "c", "d", "e");
        collector.Collect();
        await WaitUntil(() => sink.Writes == 2);
        Assert.Equal(1, collector.PendingDeltas(sink));
        Assert.All(sink.Batches, b => Assert.Equal(2, b.Deltas.Count));
        Assert.Equal(2, sink.Batches.Select(b => b.DeliveryId).Distinct().Count());
    }

    [Fact]
    public async Task Deltas_wait_up_to_MaxLatency_and_are_then_written_without_another_collection()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-02T10:00:00Z", CultureInfo.InvariantCulture));
        var registry = new ProbeRegistry();
        EventSeries events = registry.GetOrAddEvent("orders").Default;
        var sink = new RecordingSink { Policy = new SinkPolicy { MaxLatency = TimeSpan.FromSeconds(5) } };
        await using var collector = new InstrumentationCollector(registry, [sink], new CollectorOptions { Interval = TimeSpan.FromHours(1) }, time);

        events.Add(3);
        collector.Collect();

        // The clock moves only once the loop has armed its timer: a timer armed after a jump would count from it (seen
        // once on a loaded machine, the write coming 4 s late).
        await WaitUntil(() => collector.WakeAt(sink) == time.GetUtcNow() + TimeSpan.FromSeconds(5));
        time.Advance(TimeSpan.FromSeconds(4));
        await Task.Delay(50);
        Assert.Equal((0, 1), (sink.Writes, collector.PendingDeltas(sink)));

        time.Advance(TimeSpan.FromSeconds(1));
        await WaitUntil(() => sink.Writes == 1);
        Assert.Equal(3, sink.Counter("orders", EventFields.Occurrences));
    }

    [Fact]
    public async Task A_sink_with_a_Heartbeat_gets_an_empty_write_when_nothing_was_written_for_that_long()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-02T10:00:00Z", CultureInfo.InvariantCulture));
        var registry = new ProbeRegistry();
        EventSeries events = registry.GetOrAddEvent("orders").Default;
        var sink = new RecordingSink { Policy = new SinkPolicy { Heartbeat = TimeSpan.FromSeconds(10) } };
        await using var collector = new InstrumentationCollector(registry, [sink], s_onlyWhenTold, time);

        // The first heartbeat comes at once: a live instance says so before it has anything to write.
        await WaitUntil(() => sink.Writes == 1);
        Assert.Empty(sink.Batches[0].Deltas);
        Assert.Equal(time.GetUtcNow(), sink.Batches[0].To);

        time.Advance(TimeSpan.FromSeconds(6));
        events.Add(2);
        collector.Collect();
        await WaitUntil(() => sink.Writes == 2);

        // A write with deltas counts as one: the next heartbeat is 10 s after it, not after the last empty one. The clock
        // moves only once the loop has armed its timer for it.
        await WaitUntil(() => collector.WakeAt(sink) == time.GetUtcNow() + TimeSpan.FromSeconds(10));
        time.Advance(TimeSpan.FromSeconds(9));
        await Task.Delay(50);
        Assert.Equal(2, sink.Writes);
        time.Advance(TimeSpan.FromSeconds(1));
        await WaitUntil(() => sink.Writes == 3);
        Assert.Empty(sink.Batches[2].Deltas);
        Assert.Equal(0, collector.PendingDeltas(sink));
    }

    [Fact]
    public void A_sink_with_a_policy_out_of_range_is_refused_naming_the_property()
    {
        var sink = new RecordingSink { Policy = new SinkPolicy { TimeBucket = TimeSpan.FromMilliseconds(1500) } };

        ArgumentException thrown = Assert.Throws<ArgumentException>(() => new InstrumentationCollector(new ProbeRegistry(), [sink]));

        Assert.Contains("SinkPolicy.TimeBucket", thrown.Message, StringComparison.Ordinal);
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

    /// <summary>
    /// Waits until the pump has scheduled the retry of the write that failed as the <paramref name="failedWrites"/>th
    /// (a retry time still in the future: the one of the write before has come).
    /// </summary>
    private static async Task<DateTimeOffset> RetryScheduled(InstrumentationCollector collector, RecordingSink sink, TimeProvider time, int failedWrites)
    {
        DateTimeOffset scheduled = default;
        await WaitUntil(() => sink.FailedWrites == failedWrites && collector.RetryAt(sink) is { } at && at > time.GetUtcNow() && (scheduled = at) != default);
        return scheduled;
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (int i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition(), "the condition was not met within 5 s");
    }
}
