namespace Instrumentation.Collection;

/// <summary>
/// Receives batches of deltas from the collector, one write at a time, off the hot path. A write either
/// stores the whole batch or throws. A write that throws is retried later with the same batch (the same
/// <see cref="MetricsBatch.DeliveryId"/> and deltas) after a growing, jittered delay
/// (<see cref="CollectorOptions.RetryDelay"/> up to <see cref="CollectorOptions.MaxRetryDelay"/>), while newer
/// deltas wait in the next batch; so a sink sees every delta once its writes succeed. A sink that cannot tell
/// whether a failed write was applied should store the delivery id with the data and skip an id it already has.
/// How deltas are grouped and paced for the sink is its <see cref="Policy"/>.
/// </summary>
public interface IInstrumentationSink
{
    /// <summary>A short name for logs, such as <c>sqlite</c> or <c>redis</c>.</summary>
    string Name { get; }

    /// <summary>How deltas are grouped in time, batched and paced for this sink; <see cref="SinkPolicy.Default"/> unless the sink says otherwise.</summary>
    SinkPolicy Policy => SinkPolicy.Default;

    /// <summary>
    /// Stores <paramref name="batch"/>, all of it or nothing. Throw to have it retried unchanged; never called
    /// concurrently for one sink. <paramref name="cancellationToken"/> fires when the app stops: honour it.
    /// </summary>
    ValueTask WriteAsync(MetricsBatch batch, CancellationToken cancellationToken);
}
