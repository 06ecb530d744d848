using Instrumentation.Probes;

namespace Instrumentation.Snapshots;

/// <summary>
/// What one series did over a window, in raw sums that merge exactly (across sources or instances);
/// the snapshot's rates and percentiles are computed from it last.
/// </summary>
public sealed class SeriesAggregate
{
    /// <summary>Creates an empty aggregate of <paramref name="series"/> covering <paramref name="span"/>.</summary>
    public SeriesAggregate(SeriesInfo series, TimeSpan span)
    {
        ArgumentNullException.ThrowIfNull(series);
        Series = series;
        Span = span;
        Fields = new SeriesFields(series.Schema);
        Histogram = series.HasDuration ? new LatencyHistogram() : null;
    }

    /// <summary>The series.</summary>
    public SeriesInfo Series { get; }

    /// <summary>The time the aggregate covers: the window, or less when the data starts later.</summary>
    public TimeSpan Span { get; set; }

    /// <summary>The sum of each field of the series' schema, by name: <c>aggregate.Fields[FieldNames.Calls]</c>.</summary>
    public SeriesFields Fields { get; }

    /// <summary>The sum of durations, in nanoseconds.</summary>
    public long DurationSumNanoseconds { get; set; }

    /// <summary>The durations, for series that keep them.</summary>
    public LatencyHistogram? Histogram { get; }

    /// <summary>The latest in-flight count or gauge value (summed over instances); <see langword="null"/> when none was seen.</summary>
    public long? Value { get; set; }

    /// <summary>For token series, tokens issued minus revoked within one token lifetime (never below 0).</summary>
    public long? ActiveTokens { get; set; }

    /// <summary>Adds <paramref name="other"/>, an aggregate of the same series from another source or instance.</summary>
    public void Add(SeriesAggregate other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Series.Key != Series.Key || other.Series.Kind != Series.Kind)
        {
            throw new ArgumentException($"Cannot add the {other.Series.Kind.ToName()} series '{other.Series.Key}' to the {Series.Kind.ToName()} series '{Series.Key}'.", nameof(other));
        }

        Fields.Add(other.Fields);

        DurationSumNanoseconds += other.DurationSumNanoseconds;
        if (other.Histogram is not null)
        {
            Histogram?.Add(other.Histogram);
        }

        Value = Sum(Value, other.Value);
        ActiveTokens = Sum(ActiveTokens, other.ActiveTokens);
        Span = Span > other.Span ? Span : other.Span;
    }

    private static long? Sum(long? a, long? b) => a is null ? b : b is null ? a : a + b;
}
