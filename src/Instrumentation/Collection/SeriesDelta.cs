using Instrumentation.Probes;

namespace Instrumentation.Collection;

/// <summary>What one series did between two collections.</summary>
public sealed class SeriesDelta
{
    /// <summary>Creates a delta.</summary>
    /// <param name="series">The series.</param>
    /// <param name="counters">Counter increments, positioned by the kind (<see cref="EndpointCounters"/>, …).</param>
    /// <param name="value">The current in-flight count or gauge value; <see langword="null"/> for kinds without one.</param>
    /// <param name="durationSumNanoseconds">The sum of the durations recorded.</param>
    /// <param name="buckets">Histogram increments of the non-empty buckets, in bucket order.</param>
    public SeriesDelta(SeriesInfo series, long[] counters, long? value = null, long durationSumNanoseconds = 0, IReadOnlyList<BucketCount>? buckets = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(counters);
        Series = series;
        Counters = counters;
        Value = value;
        DurationSumNanoseconds = durationSumNanoseconds;
        Buckets = buckets ?? [];
    }

    /// <summary>The series.</summary>
    public SeriesInfo Series { get; }

    /// <summary>Counter increments, positioned by the kind (<see cref="EndpointCounters"/>, <see cref="TokenCounters"/>, …).</summary>
    public IReadOnlyList<long> Counters { get; }

    /// <summary>The current in-flight count (endpoints) or value (gauges) at collection; <see langword="null"/> otherwise.</summary>
    public long? Value { get; }

    /// <summary>The sum of the durations recorded, in nanoseconds.</summary>
    public long DurationSumNanoseconds { get; }

    /// <summary>Histogram increments of the non-empty buckets, in bucket order (see <see cref="LatencyBuckets"/>).</summary>
    public IReadOnlyList<BucketCount> Buckets { get; }

    /// <summary>
    /// One delta holding both: counters, durations and buckets add up; the value is the newer one's
    /// when it has one.
    /// </summary>
    public static SeriesDelta Combine(SeriesDelta older, SeriesDelta newer)
    {
        ArgumentNullException.ThrowIfNull(older);
        ArgumentNullException.ThrowIfNull(newer);
        var counters = new long[Math.Max(older.Counters.Count, newer.Counters.Count)];
        for (int i = 0; i < counters.Length; i++)
        {
            counters[i] = (i < older.Counters.Count ? older.Counters[i] : 0) + (i < newer.Counters.Count ? newer.Counters[i] : 0);
        }

        return new SeriesDelta(
            newer.Series,
            counters,
            newer.Value ?? older.Value,
            older.DurationSumNanoseconds + newer.DurationSumNanoseconds,
            SparseBuckets.Merge(older.Buckets, newer.Buckets));
    }
}
