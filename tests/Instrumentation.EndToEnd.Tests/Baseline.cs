using Instrumentation.Collection;
using Instrumentation.Probes;

namespace Instrumentation.EndToEnd.Tests;

/// <summary>
/// Tests share <see cref="ProbeRegistry.Shared"/> (generated code registers there), so each starts a
/// collector whose sink is emptied after one flush: it then sees only what the test records.
/// </summary>
internal sealed class Baseline : IAsyncDisposable
{
    private Baseline(InstrumentationCollector collector, SumSink sink)
    {
        Collector = collector;
        Sink = sink;
    }

    public InstrumentationCollector Collector { get; }

    public SumSink Sink { get; }

    public static async Task<Baseline> StartAsync()
    {
        var sink = new SumSink();
        var collector = new InstrumentationCollector(ProbeRegistry.Shared, [sink]);
        await collector.FlushAsync();
        sink.Clear();
        return new Baseline(collector, sink);
    }

    /// <summary>Collects what the test recorded and hands it to the sink.</summary>
    public Task FlushAsync() => Collector.FlushAsync();

    public ValueTask DisposeAsync() => Collector.DisposeAsync();
}
