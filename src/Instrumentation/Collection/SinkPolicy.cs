namespace Instrumentation.Collection;

/// <summary>
/// How the collector delivers to one sink: how deltas are grouped in time, how many go in one write and how long
/// they may wait. A sink states it through <see cref="IInstrumentationSink.Policy"/>; the collector's delivery loop
/// applies it, so no sink keeps pending data, timers or retries of its own.
/// </summary>
public sealed class SinkPolicy
{
    /// <summary>Every collection is delivered at once, each series once per write, however long an outage lasted.</summary>
    public static SinkPolicy Default { get; } = new();

    /// <summary>
    /// The width of the time buckets that deltas keep while they wait (aligned on the Unix epoch): deltas are added
    /// up per series within a bucket, and each write holds one bucket, so an outage's deltas reach the sink in their
    /// own buckets. <see cref="TimeSpan.Zero"/> (the default) adds them up across time: one bucket.
    /// </summary>
    public TimeSpan TimeBucket { get; init; } = TimeSpan.Zero;

    /// <summary>The most deltas in one write; this many waiting also starts a write before <see cref="MaxLatency"/>. Default: no limit.</summary>
    public int MaxBatchSize { get; init; } = int.MaxValue;

    /// <summary>The longest deltas wait before they are written. Default <see cref="TimeSpan.Zero"/>: after every collection.</summary>
    public TimeSpan MaxLatency { get; init; } = TimeSpan.Zero;

    /// <summary>
    /// The most time buckets kept waiting (during an outage). Past it, the oldest bucket is added into the next one:
    /// counts stay exact and memory stays bounded by series, at the cost of the oldest deltas' time. Default 60.
    /// </summary>
    public int MaxPendingBuckets { get; init; } = 60;

    /// <summary>
    /// The longest the sink goes without a write: when nothing was written for this long, it gets a batch with no
    /// deltas, and one as soon as the collector starts. For a sink that keeps liveness in its store (the Redis sink's
    /// heartbeat). Default <see cref="TimeSpan.Zero"/>: no empty writes.
    /// </summary>
    public TimeSpan Heartbeat { get; init; } = TimeSpan.Zero;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first property out of range.</summary>
    public void Validate()
    {
        if (TimeBucket < TimeSpan.Zero || TimeBucket > CollectorOptions.LongestDelay || TimeBucket.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            throw new ArgumentException($"SinkPolicy.TimeBucket is {TimeBucket}; use zero or a whole number of seconds up to 1.00:00:00.", nameof(TimeBucket));
        }

        if (MaxBatchSize < 1)
        {
            throw new ArgumentException($"SinkPolicy.MaxBatchSize is {MaxBatchSize}; use 1 or more.", nameof(MaxBatchSize));
        }

        if (MaxLatency < TimeSpan.Zero || MaxLatency > CollectorOptions.LongestDelay)
        {
            throw new ArgumentException($"SinkPolicy.MaxLatency is {MaxLatency}; use zero up to 1.00:00:00.", nameof(MaxLatency));
        }

        if (MaxPendingBuckets < 1)
        {
            throw new ArgumentException($"SinkPolicy.MaxPendingBuckets is {MaxPendingBuckets}; use 1 or more.", nameof(MaxPendingBuckets));
        }

        if (Heartbeat < TimeSpan.Zero || Heartbeat > CollectorOptions.LongestDelay)
        {
            throw new ArgumentException($"SinkPolicy.Heartbeat is {Heartbeat}; use zero up to 1.00:00:00.", nameof(Heartbeat));
        }
    }
}
