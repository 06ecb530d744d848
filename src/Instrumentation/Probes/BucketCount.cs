namespace Instrumentation.Probes;

/// <summary>A count of durations in one <see cref="LatencyBuckets"/> bucket.</summary>
/// <param name="Index">The bucket index, 0 to <see cref="LatencyBuckets.Count"/> − 1.</param>
/// <param name="Count">How many durations fell in it.</param>
public readonly record struct BucketCount(int Index, long Count);
