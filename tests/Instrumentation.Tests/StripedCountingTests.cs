using Instrumentation.Collection;
using Instrumentation.Probes;

namespace Instrumentation.Tests;

public sealed class StripedCountingTests
{
    private const int RecordsPerThread = 1_000_000;

    [Fact]
    public async Task Counts_are_exact_under_four_threads()
    {
        var registry = new ProbeRegistry();
        EventSeries series = registry.GetOrAddEvent("orders.placed").Default;
        var sink = new RecordingSink();
        await using var collector = new InstrumentationCollector(registry, [sink]);

        RunOnThreads(4, () =>
        {
            for (int i = 0; i < RecordsPerThread; i++)
            {
                series.Increment();
            }
        });
        await collector.FlushAsync();

        Assert.Equal(4L * RecordsPerThread, sink.Counter("orders.placed", EventFields.Occurrences));
    }

    [Fact]
    public async Task Timed_calls_and_failures_are_exact_under_two_threads_while_collecting()
    {
        var registry = new ProbeRegistry();
        EndpointSeries series = registry.GetOrAddEndpoint("api.checkout").Default;
        var sink = new RecordingSink();
        await using var collector = new InstrumentationCollector(registry, [sink]);
        using var stop = new CancellationTokenSource();
        Task collecting = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                collector.Collect();
                await Task.Yield();
            }
        });

        RunOnThreads(2, () =>
        {
            for (int i = 0; i < RecordsPerThread; i++)
            {
                series.Record(elapsedNanoseconds: 1_000 + (i % 7), failed: i % 10 == 0);
            }
        });
        await stop.CancelAsync();
        await collecting;
        await collector.FlushAsync();

        Assert.Equal(2L * RecordsPerThread, sink.Counter("api.checkout", EndpointFields.Calls));
        Assert.Equal(2L * RecordsPerThread / 10, sink.Counter("api.checkout", EndpointFields.Failures));
        long expectedSum = 2L * Enumerable.Range(0, RecordsPerThread).Sum(i => 1_000L + (i % 7));
        Assert.Equal(expectedSum, sink.DurationSum("api.checkout"));
    }

    [Fact]
    public async Task In_flight_counts_calls_begun_and_not_ended()
    {
        var registry = new ProbeRegistry();
        EndpointSeries series = registry.GetOrAddEndpoint("api.upload").Default;
        var sink = new RecordingSink();
        await using var collector = new InstrumentationCollector(registry, [sink]);

        long first = series.Begin();
        long second = series.Begin();
        series.Begin();
        series.End(first, failed: false);
        series.End(second, failed: true);
        await collector.FlushAsync();

        Assert.Equal(1, sink.Value("api.upload"));
        Assert.Equal(2, sink.Counter("api.upload", EndpointFields.Calls));
        Assert.Equal(1, sink.Counter("api.upload", EndpointFields.Failures));
    }

    internal static void RunOnThreads(int threads, Action work)
    {
        using var start = new Barrier(threads);
        Thread[] workers = [.. Enumerable.Range(0, threads).Select(_ => new Thread(() =>
        {
            start.SignalAndWait();
            work();
        }))];
        foreach (Thread worker in workers)
        {
            worker.Start();
        }

        foreach (Thread worker in workers)
        {
            worker.Join();
        }
    }
}
