namespace Instrumentation.Probes;

/// <summary>
/// Where each value of a series lives inside one set of its fields: the counters it stores first, then the
/// optional current value and duration sum. Timed series keep their histograms apart (see <see cref="Series"/>).
/// </summary>
/// <remarks>
/// A timed record counts itself in the histogram only; the first counter of a timed series is its stored
/// value plus the histogram total. That saves one interlocked add per timed call.
/// </remarks>
internal sealed class SeriesLayout
{
    public static readonly SeriesLayout Endpoint = new(SeriesSchema.Endpoint, storedCounters: 0, hasValue: true, hasDuration: true, failuresCounter: EndpointFields.Failures);
    public static readonly SeriesLayout Token = new(SeriesSchema.Token, storedCounters: TokenFields.Count, hasValue: false, hasDuration: false);
    public static readonly SeriesLayout Cache = new(SeriesSchema.Cache, storedCounters: CacheFields.Count, hasValue: false, hasDuration: false);
    public static readonly SeriesLayout Event = new(SeriesSchema.Event, storedCounters: 1, hasValue: false, hasDuration: false);
    public static readonly SeriesLayout TimedEvent = new(SeriesSchema.Event, storedCounters: 1, hasValue: false, hasDuration: true);
    public static readonly SeriesLayout EventWithValueSum = new(SeriesSchema.Event, storedCounters: EventFields.Count, hasValue: false, hasDuration: false);
    public static readonly SeriesLayout TimedEventWithValueSum = new(SeriesSchema.Event, storedCounters: EventFields.Count, hasValue: false, hasDuration: true);
    public static readonly SeriesLayout Gauge = new(SeriesSchema.Gauge, storedCounters: 0, hasValue: true, hasDuration: false);
    public static readonly SeriesLayout Usage = new(SeriesSchema.Usage, storedCounters: UsageFields.Count, hasValue: false, hasDuration: false, failuresCounter: UsageFields.Failures);
    public static readonly SeriesLayout TimedUsage = new(SeriesSchema.Usage, storedCounters: UsageFields.Count, hasValue: false, hasDuration: true, failuresCounter: UsageFields.Failures);

    /// <summary>The most fields any layout has (a timed usage series' seven counters and its duration sum).</summary>
    public const int MaxFieldCount = 8;

    private SeriesLayout(SeriesSchema schema, int storedCounters, bool hasValue, bool hasDuration, int failuresCounter = -1)
    {
        Schema = schema;
        StoredCounterCount = storedCounters;
        FailuresCounter = failuresCounter;
        int next = storedCounters;
        ValueField = hasValue ? next++ : -1;
        DurationSumField = hasDuration ? next++ : -1;
        FieldCount = next;
    }

    /// <summary>The named fields the kind reports; the first <see cref="StoredCounterCount"/> are kept here in the same order.</summary>
    public SeriesSchema Schema { get; }

    /// <summary>The first schema fields, kept here; an endpoint keeps none (its calls and failures are histogram totals), an event without a <c>[Value]</c> no value sum.</summary>
    public int StoredCounterCount { get; }

    /// <summary>The failures counter, the total of the histogram of failed calls; -1 for kinds without one.</summary>
    public int FailuresCounter { get; }

    /// <summary>In-flight calls or a gauge level; -1 when the kind has none.</summary>
    public int ValueField { get; }

    /// <summary>The sum of durations in nanoseconds; -1 for series that are not timed.</summary>
    public int DurationSumField { get; }

    public int FieldCount { get; }

    public bool HasValue => ValueField >= 0;

    public bool HasDuration => DurationSumField >= 0;

    /// <summary>Counter <paramref name="counter"/> as stored in <paramref name="fields"/>; 0 for one that only histograms count.</summary>
    public long StoredCounter(ReadOnlySpan<long> fields, int counter) => counter < StoredCounterCount ? fields[counter] : 0;
}
