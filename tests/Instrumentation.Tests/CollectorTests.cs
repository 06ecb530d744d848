using Instrumentation.Collection;
using Instrumentation.Probes;
using Microsoft.Extensions.Time.Testing;

namespace Instrumentation.Tests;

public sealed class CollectorTests
{
    [Fact]
    public async Task Deltas_are_exact_across_many_intervals()
    {
        var registry = new ProbeRegistry();
        CacheSeries cache = registry.GetOrAddCache("catalog").Default;
        await using var collector = new InstrumentationCollector(registry);
        var random = new Random(3);

        for (int interval = 0; interval < 200; interval++)
        {
            int hits = random.Next(0, 50);
            int misses = random.Next(0, 5);
            for (int i = 0; i < hits; i++)
            {
                cache.Lookup(hit: true);
            }

            for (int i = 0; i < misses; i++)
            {
                cache.Lookup(hit: false);
            }

            MetricsBatch batch = collector.Collect();

            if (hits + misses == 0)
            {
                Assert.Empty(batch.Deltas);
                continue;
            }

            SeriesDelta delta = Assert.Single(batch.Deltas);
            Assert.Equal(hits, delta.Fields[FieldNames.Hits]);
            Assert.Equal(misses, delta.Fields[FieldNames.Misses]);
        }
    }

    [Fact]
    public async Task A_failing_sink_loses_nothing_once_it_recovers()
    {
        var registry = new ProbeRegistry();
        var aspect = TagDefinition.Choice("aspect", "Read", "Write");
        EventProbe events = registry.GetOrAddEvent("edits", [aspect]);
        var healthy = new RecordingSink();
        var flaky = new RecordingSink();
        flaky.FailNext(5);
        await using var collector = new InstrumentationCollector(registry, [healthy, flaky]);

        for (int interval = 0; interval < 10; interval++)
        {
            events.GetSeries(interval % 2).Add(interval + 1);
            await collector.FlushAsync();
        }

        Assert.Equal(5, flaky.FailedWrites);
        Assert.Equal(1 + 3 + 5 + 7 + 9, flaky.Counter("edits{aspect=Read}", EventFields.Occurrences));
        Assert.Equal(2 + 4 + 6 + 8 + 10, flaky.Counter("edits{aspect=Write}", EventFields.Occurrences));
        Assert.Equal(healthy.Counter("edits{aspect=Write}", 0), flaky.Counter("edits{aspect=Write}", 0));
        Assert.Equal(0, collector.PendingDeltas(flaky));
    }

    [Fact]
    public async Task A_held_sink_never_blocks_collection_and_its_pending_deltas_stay_one_per_series()
    {
        var registry = new ProbeRegistry();
        TokenSeries tokens = registry.GetOrAddToken("tokens").Default;
        EventSeries events = registry.GetOrAddEvent("events").Default;
        var sink = new RecordingSink();
        sink.Hold();
        await using var collector = new InstrumentationCollector(registry, [sink]);

        tokens.Issue();
        MetricsBatch held = collector.Collect();
        await sink.FirstWriteStarted;
        for (int interval = 0; interval < 1_000; interval++)
        {
            tokens.Issue();
            events.Increment();
            collector.Collect();
        }

        // The delivery held in the sink and one newer delta per series.
        Assert.Equal(held.Deltas.Count + 2, collector.PendingDeltas(sink));
        sink.Release();
        await collector.FlushAsync();

        Assert.Equal(1_001, sink.Counter("tokens", TokenFields.Issued));
        Assert.Equal(1_000, sink.Counter("events", EventFields.Occurrences));
        Assert.Equal(2, sink.Writes);
    }

    [Fact]
    public async Task The_timer_collects_every_interval_and_retries_a_failed_sink_after_its_backoff()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-24T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var registry = new ProbeRegistry();
        EventSeries events = registry.GetOrAddEvent("ticks").Default;
        var sink = new RecordingSink();
        sink.FailNext(1);
        var options = new CollectorOptions { Interval = TimeSpan.FromSeconds(1), RetryDelay = TimeSpan.FromSeconds(10) };
        await using var collector = new InstrumentationCollector(registry, [sink], options, time);
        collector.Start();

        events.Add(5);
        time.Advance(TimeSpan.FromSeconds(1));

        // The clock moves on only once the retry's timer is armed (RetryAt is set with it): a timer armed after a jump
        // counts from it, and the retry came a second late on a loaded machine.
        await WaitUntil(() => sink.FailedWrites == 1 && collector.PendingDeltas(sink) == 1 && collector.RetryAt(sink) is not null);

        events.Add(7);
        time.Advance(TimeSpan.FromSeconds(1));
        await Task.Delay(50);
        Assert.Equal(0, sink.Writes);

        time.Advance(TimeSpan.FromSeconds(9));
        await WaitUntil(() => sink.Counter("ticks", EventFields.Occurrences) == 12);
        Assert.Equal(2, sink.Writes);
    }

    [Fact]
    public async Task A_tick_that_arrives_during_a_collection_is_skipped_instead_of_waiting_and_the_next_one_reads_everything()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-24T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var registry = new ProbeRegistry();
        EventSeries events = registry.GetOrAddEvent("overlap").Default;
        var sink = new RecordingSink();
        await using var collector = new InstrumentationCollector(registry, [sink], new CollectorOptions { Interval = TimeSpan.FromSeconds(1) }, time);
        collector.Start();
        events.Add(3);

        // FakeTimeProvider runs a due tick on the thread that advances it.
        var tick = new Thread(() => time.Advance(TimeSpan.FromSeconds(1)));
        bool returned;
        using (collector.CollectGate.EnterScope())
        {
            tick.Start();
            returned = tick.Join(TimeSpan.FromSeconds(30));
        }

        tick.Join();
        Assert.True(returned, "a timer tick waited for a collection in progress");
        Assert.Equal(0, sink.Writes);

        time.Advance(TimeSpan.FromSeconds(1));
        await WaitUntil(() => sink.Writes == 1);
        Assert.Equal(3, sink.Counter("overlap", EventFields.Occurrences));
    }

    [Fact]
    public async Task Disposing_flushes_the_last_deltas()
    {
        var registry = new ProbeRegistry();
        var sink = new RecordingSink();
        var collector = new InstrumentationCollector(registry, [sink]);
        registry.GetOrAddEvent("shutdown").Default.Add(42);

        await collector.DisposeAsync();

        Assert.Equal(42, sink.Counter("shutdown", EventFields.Occurrences));
    }

    [Fact]
    public async Task A_gauge_observer_is_read_at_collection_and_one_that_throws_does_not_stop_collection()
    {
        var registry = new ProbeRegistry();
        int queueLength = 17;
        registry.GetOrAddGauge("queue.length").Observe(() => queueLength);
        registry.GetOrAddGauge("broken").Observe(() => throw new InvalidOperationException("boom"));
        GaugeSeries presence = registry.GetOrAddGauge("presence").Default;
        var sink = new RecordingSink();
        await using var collector = new InstrumentationCollector(registry, [sink]);

        presence.Increment();
        presence.Increment();
        presence.Decrement();
        await collector.FlushAsync();
        Assert.Equal(17, sink.Value("queue.length"));
        Assert.Equal(1, sink.Value("presence"));

        queueLength = 3;
        await collector.FlushAsync();
        Assert.Equal(3, sink.Value("queue.length"));
    }

    [Fact]
    public async Task Registration_conflicts_and_sink_failures_are_logged_once_each()
    {
        var registry = new ProbeRegistry();
        registry.GetOrAddEvent("clash");
        registry.GetOrAddCache("clash");
        EventSeries events = registry.GetOrAddEvent("steady").Default;
        var sink = new RecordingSink();
        sink.FailNext(3);
        var logger = new ListLogger();
        await using var collector = new InstrumentationCollector(registry, [sink], logger: logger);

        for (int i = 0; i < 5; i++)
        {
            events.Increment();
            await collector.FlushAsync();
        }

        Assert.Single(logger.Entries, e => e.Level == Microsoft.Extensions.Logging.LogLevel.Error && e.Message.Contains("'clash'", StringComparison.Ordinal));
        Assert.Single(logger.Entries, e => e.Message.Contains("failed; its deltas stay pending", StringComparison.Ordinal));
        Assert.Single(logger.Entries, e => e.Message.Contains("recovered", StringComparison.Ordinal));
        Assert.Equal(5, sink.Counter("steady", EventFields.Occurrences));
    }

    [Fact]
    public void Options_out_of_range_are_refused_with_the_setting_named()
    {
        var error = Assert.Throws<ArgumentException>(() => new InstrumentationCollector(new ProbeRegistry(), options: new CollectorOptions { Interval = TimeSpan.Zero }));
        Assert.Contains("Instrumentation:Interval", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tracking_scope_records_once_on_dispose_and_counts_a_failure_when_told()
    {
        var registry = new ProbeRegistry();
        EndpointSeries series = registry.GetOrAddEndpoint("jobs.run").Default;
        var sink = new RecordingSink();
        await using var collector = new InstrumentationCollector(registry, [sink]);

        using (series.Start())
        {
        }

        using (TrackingScope scope = series.Start())
        {
            scope.Fail();
        }

        default(TrackingScope).Dispose();
        await collector.FlushAsync();

        Assert.Equal(2, sink.Counter("jobs.run", EndpointFields.Calls));
        Assert.Equal(1, sink.Counter("jobs.run", EndpointFields.Failures));
        Assert.Equal(0, sink.Value("jobs.run"));
    }

    [Fact]
    public async Task A_failure_marked_inside_a_scope_is_counted_with_its_call_never_before_it()
    {
        var registry = new ProbeRegistry();
        EndpointSeries series = registry.GetOrAddEndpoint("jobs.import").Default;
        await using var collector = new InstrumentationCollector(registry);

        TrackingScope scope = series.Start();
        scope.Fail();
        SeriesDelta during = Assert.Single(collector.Collect().Deltas);
        scope.Dispose();
        SeriesDelta after = Assert.Single(collector.Collect().Deltas);

        Assert.Equal((0, 0), (during.Fields[FieldNames.Calls], during.Fields[FieldNames.Failures]));
        Assert.Equal((1, 1), (after.Fields[FieldNames.Calls], after.Fields[FieldNames.Failures]));
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (int i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }
}
