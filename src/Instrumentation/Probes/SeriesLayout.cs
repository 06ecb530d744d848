namespace Instrumentation.Probes;

/// <summary>
/// Where each value of a series lives inside one stripe of its cells:
/// counters first, then the optional current value, duration sum and histogram buckets.
/// </summary>
/// <remarks>
/// A timed record counts itself in the histogram only; the first counter of a timed series is
/// its stored value plus the histogram total. That saves one interlocked add per timed call.
/// </remarks>
internal sealed class SeriesLayout
{
    public static readonly SeriesLayout Endpoint = new(EndpointCounters.Count, hasValue: true, hasDuration: true);
    public static readonly SeriesLayout Token = new(TokenCounters.Count, hasValue: false, hasDuration: false);
    public static readonly SeriesLayout Cache = new(CacheCounters.Count, hasValue: false, hasDuration: false);
    public static readonly SeriesLayout Event = new(EventCounters.Count, hasValue: false, hasDuration: false);
    public static readonly SeriesLayout TimedEvent = new(EventCounters.Count, hasValue: false, hasDuration: true);
    public static readonly SeriesLayout Gauge = new(0, hasValue: true, hasDuration: false);

    private SeriesLayout(int counterCount, bool hasValue, bool hasDuration)
    {
        CounterCount = counterCount;
        int next = counterCount;
        ValueField = hasValue ? next++ : -1;
        DurationSumField = hasDuration ? next++ : -1;
        FirstBucketField = hasDuration ? next : -1;
        FieldCount = hasDuration ? next + LatencyBuckets.Count : next;
    }

    public int CounterCount { get; }

    /// <summary>In-flight calls or a gauge level; -1 when the kind has none.</summary>
    public int ValueField { get; }

    public int DurationSumField { get; }

    public int FirstBucketField { get; }

    public int FieldCount { get; }

    public bool HasValue => ValueField >= 0;

    /// <summary>
    /// Counter <paramref name="counter"/> from a series' summed fields: the stored count, and for the first
    /// counter of a timed series the histogram total too (timed records count themselves only there).
    /// </summary>
    public long Counter(ReadOnlySpan<long> totals, int counter)
    {
        long count = totals[counter];
        if (counter == 0 && HasDuration)
        {
            foreach (long bucket in totals.Slice(FirstBucketField, LatencyBuckets.Count))
            {
                count += bucket;
            }
        }

        return count;
    }

    public bool HasDuration => DurationSumField >= 0;
}
