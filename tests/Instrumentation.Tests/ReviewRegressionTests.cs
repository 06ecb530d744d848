using System.Diagnostics.Metrics;
using Instrumentation.Collection;
using Instrumentation.Metrics;
using Instrumentation.Probes;
using Instrumentation.Snapshots;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Instrumentation.Tests;

/// <summary>Bugs a hostile review of the runtime-at-scale changes found, each pinned by the case that showed it.</summary>
public sealed class ReviewRegressionTests
{
    [Fact]
    public void A_stamp_written_with_an_epoch_a_pass_has_since_advanced_past_is_raised_to_the_new_one()
    {
        // The recorder read epoch e, then a pass advanced the epoch and skipped the series (stamp still old),
        // then the recorder wrote e: the next pass reads only stamps of the new epoch or later.
        EventSeries series = new ProbeRegistry().GetOrAddEvent("race.stamp").Default;
        long readByRecorder = ChangeEpoch.Current;
        ChangeEpoch.Advance();
        long advancedTo = ChangeEpoch.Current;

        series.StampChanged(readByRecorder);

        Assert.True(series.ChangedIn >= advancedTo, $"stamp {series.ChangedIn}, epoch advanced to {advancedTo}");
    }

    [Fact]
    public void A_failure_marked_on_a_copy_of_the_scope_still_counts_with_a_call()
    {
        var registry = new ProbeRegistry();
        EndpointSeries series = registry.GetOrAddEndpoint("scope.copies").Default;
        var collector = new InstrumentationCollector(registry);
        var holder = new ScopeHolder(series.Start());
        holder.Fail();
        holder.Dispose();
        using (TrackingScope scope = series.Start())
        {
            FailThrough(in scope);
        }

        SeriesDelta delta = Assert.Single(collector.Collect().Deltas);
        Assert.Equal((2, 2), (delta.Fields[FieldNames.Calls], delta.Fields[FieldNames.Failures]));

        static void FailThrough(in TrackingScope scope) => scope.Fail();
    }

    [Fact]
    public void A_failure_belongs_to_its_own_scope_never_to_a_later_unrelated_call()
    {
        var registry = new ProbeRegistry();
        EndpointSeries series = registry.GetOrAddEndpoint("scope.own").Default;
        var collector = new InstrumentationCollector(registry);

        using (TrackingScope twice = series.Start())
        {
            twice.Fail();
            twice.Fail();
        }

        TrackingScope neverDisposed = series.Start();
        neverDisposed.Fail();
        TrackingScope disposedFirst = series.Start();
        disposedFirst.Dispose();
        disposedFirst.Fail();
        SeriesDelta first = Assert.Single(collector.Collect().Deltas);

        using (series.Start())
        {
        }

        SeriesDelta later = Assert.Single(collector.Collect().Deltas);
        Assert.Equal((2, 1), (first.Fields[FieldNames.Calls], first.Fields[FieldNames.Failures]));
        Assert.Equal((1, 0), (later.Fields[FieldNames.Calls], later.Fields[FieldNames.Failures]));
    }

    [Fact]
    public async Task A_failed_call_and_its_failure_reach_the_same_batch_even_when_a_pass_reads_mid_record()
    {
        // A meter listener holds the recorder inside the record (after its histogram increment) while a pass runs.
        using ServiceProvider services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var registry = new ProbeRegistry();
        using var meter = new InstrumentationMeter(services.GetRequiredService<IMeterFactory>(), registry);
        EndpointSeries series = registry.GetOrAddEndpoint("skew.failed").Default;
        var collector = new InstrumentationCollector(registry);
        collector.Collect();
        using var inRecord = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        using var listener = new MeterListener();
        bool holding = false;
        // Only this test's meter: other tests' meters share its name, and their allocation tests must not see this callback.
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, meter.Meter))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, _, _, _) =>
        {
            if (Volatile.Read(ref holding))
            {
                inRecord.Set();
                release.Wait();
            }
        });
        listener.Start();
        series.Record(1_000, failed: false);
        Volatile.Write(ref holding, true);

        var recorder = Task.Run(() => series.Record(1_000, failed: true));
        Assert.True(inRecord.Wait(TimeSpan.FromSeconds(30)));
        SeriesDelta during = Assert.Single(collector.Collect().Deltas);
        release.Set();
        await recorder;
        IReadOnlyList<SeriesDelta> after = collector.Collect().Deltas;

        Assert.Equal((2, 1), (during.Fields[FieldNames.Calls], during.Fields[FieldNames.Failures]));
        Assert.Empty(after);
    }

    [Fact]
    public async Task A_stalled_source_is_asked_again_once_every_waiter_has_given_up()
    {
        var source = new StallingSource();
        var service = new SnapshotService([source]);
        using (var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(50)))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => service.GetSnapshotAsync(SnapshotWindow.OneMinute, SnapshotScope.Fleet, timeout.Token).AsTask());
        }

        Assert.True(source.FirstCallCancelled.Wait(TimeSpan.FromSeconds(30)), "the abandoned computation's read was not cancelled");
        InstrumentationSnapshot snapshot = await service.GetSnapshotAsync(SnapshotWindow.OneMinute, SnapshotScope.Fleet);
        Assert.Empty(snapshot.Events);
    }

    [Fact]
    public async Task One_source_answering_a_series_twice_is_merged_not_an_error()
    {
        var series = new SeriesInfo("orders.place", ProbeKind.Event, []);
        var first = new SeriesAggregate(series, TimeSpan.FromMinutes(1));
        first.Fields[FieldNames.Occurrences] = 5;
        var second = new SeriesAggregate(series, TimeSpan.FromMinutes(1));
        second.Fields[FieldNames.Occurrences] = 7;
        var service = new SnapshotService([new FixedSource([first, second])]);

        EventSnapshot evt = Assert.Single((await service.GetSnapshotAsync(SnapshotWindow.OneMinute, SnapshotScope.Fleet)).Events);

        Assert.Equal(12, evt.Count);
    }

    [Fact]
    public void A_token_lifetime_of_any_length_keeps_the_active_count_small_and_never_breaks_collection()
    {
        var time = new FakeTimeProvider();
        var registry = new ProbeRegistry();
        TokenSeries forever = registry.GetOrAddToken("tokens.forever", lifetime: TimeSpan.MaxValue).Default;
        TokenSeries month = registry.GetOrAddToken("tokens.month", lifetime: TimeSpan.FromDays(30)).Default;
        var collector = new InstrumentationCollector(registry, timeProvider: time);
        forever.Issue();
        month.Issue();
        month.Issue();
        month.Revoke();

        long before = GC.GetAllocatedBytesForCurrentThread();
        collector.Collect();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.InRange(allocated, 1, 64 * 1024);
        IReadOnlyList<SeriesAggregate> read = collector.Windows.Read(TimeSpan.FromMinutes(1));
        Assert.Equal(1, read.Single(a => a.Series.Metric == "tokens.forever").ActiveTokens);
        Assert.Equal(1, read.Single(a => a.Series.Metric == "tokens.month").ActiveTokens);
    }

    [Fact]
    public void A_token_series_described_without_a_lifetime_keeps_its_tokens_for_the_default_hour()
    {
        var time = new FakeTimeProvider();
        var store = new Instrumentation.Windows.LocalWindowStore(time);
        var series = new SeriesInfo("tokens.described", ProbeKind.Token, []);
        time.Advance(TimeSpan.FromSeconds(1));
        store.Add(new MetricsBatch(time.GetUtcNow().AddSeconds(-1), time.GetUtcNow(), [new SeriesDelta(series, new SeriesFields(SeriesSchema.Token) { [FieldNames.Issued] = 5 })]));

        time.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(5, store.Read(TimeSpan.FromMinutes(1)).Single().ActiveTokens);
    }

    private sealed class ScopeHolder(TrackingScope scope) : IDisposable
    {
        private readonly TrackingScope _scope = scope;

        public void Fail() => _scope.Fail();

        public void Dispose() => _scope.Dispose();
    }

    /// <summary>A fleet source whose first read never completes unless cancelled (a stalled network call); later reads answer nothing.</summary>
    private sealed class StallingSource : ISnapshotSource
    {
        private int _calls;

        public ManualResetEventSlim FirstCallCancelled { get; } = new();

        public SnapshotScope Scope => SnapshotScope.Fleet;

        public async ValueTask<IReadOnlyList<SeriesAggregate>> ReadAsync(TimeSpan window, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _calls) == 1)
            {
                try
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }
                finally
                {
                    FirstCallCancelled.Set();
                }
            }

            return [];
        }
    }

    [Fact]
    public async Task A_series_key_answered_under_two_kinds_is_shown_under_each_not_an_error()
    {
        // A redeploy changed the metric's kind, tags kept: the history still holds the old kind.
        var asEndpoint = new SeriesAggregate(new SeriesInfo("documents.edits", ProbeKind.Endpoint, []), TimeSpan.FromMinutes(1));
        asEndpoint.Fields[FieldNames.Calls] = 4;
        var asEvent = new SeriesAggregate(new SeriesInfo("documents.edits", ProbeKind.Event, []), TimeSpan.FromMinutes(1));
        asEvent.Fields[FieldNames.Occurrences] = 9;
        var service = new SnapshotService([new FixedSource([asEndpoint]), new FixedSource([asEvent])]);

        InstrumentationSnapshot snapshot = await service.GetSnapshotAsync(SnapshotWindow.OneMinute, SnapshotScope.Fleet);

        Assert.Equal(4, Assert.Single(snapshot.Endpoints).Requests);
        Assert.Equal(9, Assert.Single(snapshot.Events).Count);
    }

    private sealed class FixedSource(IReadOnlyList<SeriesAggregate> answer) : ISnapshotSource
    {
        public SnapshotScope Scope => SnapshotScope.Fleet;

        public ValueTask<IReadOnlyList<SeriesAggregate>> ReadAsync(TimeSpan window, CancellationToken cancellationToken) => ValueTask.FromResult(answer);
    }
}
