using Instrumentation.Probes;

namespace Instrumentation.Collection;

/// <summary>What one series did between two collections.</summary>
public sealed class SeriesDelta
{
    /// <summary>Creates a delta.</summary>
    /// <param name="series">The series.</param>
    /// <param name="fields">What was added to each field of the series' schema.</param>
    /// <param name="value">The current in-flight count or gauge value; <see langword="null"/> for kinds without one.</param>
    /// <param name="durationSumNanoseconds">The sum of the durations recorded.</param>
    /// <param name="buckets">Histogram increments of the non-empty buckets, in bucket order.</param>
    /// <exception cref="ArgumentException"><paramref name="fields"/> are not those of the series' kind.</exception>
    public SeriesDelta(SeriesInfo series, SeriesFields fields, long? value = null, long durationSumNanoseconds = 0, IReadOnlyList<BucketCount>? buckets = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(fields);
        if (fields.Schema != series.Schema)
        {
            throw new ArgumentException($"The series '{series.Key}' keeps {series.Schema} fields, not {fields.Schema} fields.", nameof(fields));
        }

        Series = series;
        FieldValues = fields;
        Value = value;
        DurationSumNanoseconds = durationSumNanoseconds;
        Buckets = buckets ?? [];
    }

    /// <summary>The series.</summary>
    public SeriesInfo Series { get; }

    /// <summary>What was added to each field, by name: <c>delta.Fields[FieldNames.Calls]</c>.</summary>
    public IReadOnlyDictionary<string, long> Fields => FieldValues;

    /// <summary>The current in-flight count (endpoints) or value (gauges) at collection; <see langword="null"/> otherwise.</summary>
    public long? Value { get; }

    /// <summary>The sum of the durations recorded, in nanoseconds.</summary>
    public long DurationSumNanoseconds { get; }

    /// <summary>Histogram increments of the non-empty buckets, in bucket order (see <see cref="LatencyBuckets"/>).</summary>
    public IReadOnlyList<BucketCount> Buckets { get; }

    /// <summary>The fields, for the library's own readers that walk them in schema order.</summary>
    internal SeriesFields FieldValues { get; }

    /// <summary>
    /// One delta holding both: fields, durations and buckets add up; the value is the newer one's
    /// when it has one.
    /// </summary>
    public static SeriesDelta Combine(SeriesDelta older, SeriesDelta newer)
    {
        ArgumentNullException.ThrowIfNull(older);
        ArgumentNullException.ThrowIfNull(newer);
        SeriesFields fields = older.FieldValues.Clone();
        fields.Add(newer.FieldValues);
        return new SeriesDelta(
            newer.Series,
            fields,
            newer.Value ?? older.Value,
            older.DurationSumNanoseconds + newer.DurationSumNanoseconds,
            SparseBuckets.Merge(older.Buckets, newer.Buckets));
    }
}
