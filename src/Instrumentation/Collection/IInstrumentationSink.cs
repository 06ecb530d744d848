namespace Instrumentation.Collection;

/// <summary>
/// Receives batches of deltas from the collector, one write at a time, off the hot path. A write
/// that throws is retried later with the batch coalesced into what arrived meanwhile, so a sink
/// sees every delta exactly once it succeeds.
/// </summary>
public interface IInstrumentationSink
{
    /// <summary>A short name for logs, such as <c>sqlite</c> or <c>redis</c>.</summary>
    string Name { get; }

    /// <summary>
    /// Stores <paramref name="batch"/>. Throw to have the batch kept and retried; never called
    /// concurrently for one sink.
    /// </summary>
    ValueTask WriteAsync(MetricsBatch batch, CancellationToken cancellationToken);
}
