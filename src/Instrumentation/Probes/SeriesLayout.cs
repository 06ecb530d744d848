namespace Instrumentation.Probes;

/// <summary>
/// Where each value of a series lives inside one stripe of its fields: counters first, then the optional
/// current value and duration sum. Timed series keep their histogram buckets apart (see <see cref="Series"/>).
/// </summary>
/// <remarks>
/// A timed record counts itself in the histogram only; the first counter of a timed series is its stored
/// value plus the histogram total. That saves one interlocked add per timed call.
/// </remarks>
internal sealed class SeriesLayout
{
    public static readonly SeriesLayout Endpoint = new(EndpointCounters.Count, hasValue: true, hasDuration: true);
    public static readonly SeriesLayout Token = new(TokenCounters.Count, hasValue: false, hasDuration: false);
    public static readonly SeriesLayout Cache = new(CacheCounters.Count, hasValue: false, hasDuration: false);
    public static readonly SeriesLayout Event = new(EventCounters.Count, hasValue: false, hasDuration: false);
    public static readonly SeriesLayout TimedEvent = new(EventCounters.Count, hasValue: false, hasDuration: true);
    public static readonly SeriesLayout Gauge = new(0, hasValue: true, hasDuration: false);

    /// <summary>The most fields any layout has.</summary>
    public const int MaxFieldCount = 4;

    private SeriesLayout(int counterCount, bool hasValue, bool hasDuration)
    {
        CounterCount = counterCount;
        int next = counterCount;
        ValueField = hasValue ? next++ : -1;
        DurationSumField = hasDuration ? next++ : -1;
        FieldCount = next;
    }

    public int CounterCount { get; }

    /// <summary>In-flight calls or a gauge level; -1 when the kind has none.</summary>
    public int ValueField { get; }

    /// <summary>The sum of durations in nanoseconds; -1 for series that are not timed.</summary>
    public int DurationSumField { get; }

    public int FieldCount { get; }

    public bool HasValue => ValueField >= 0;

    public bool HasDuration => DurationSumField >= 0;

    /// <summary>The failures counter, counted by the histogram of failed calls; -1 for kinds without one.</summary>
    public int FailuresCounter => this == Endpoint ? EndpointCounters.Failures : -1;
}
