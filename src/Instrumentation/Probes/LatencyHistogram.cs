namespace Instrumentation.Probes;

/// <summary>
/// Counts per <see cref="LatencyBuckets"/> bucket, merged from deltas; answers percentiles. Buckets are kept
/// in chunks of one octave, created when a count first falls in it, so a histogram of a few distinct
/// durations stays a few hundred bytes. Not thread-safe: it is a read-side value, never touched by the hot path.
/// </summary>
public sealed class LatencyHistogram
{
    private const int PerOctave = LatencyBuckets.BucketsPerOctave;

    private long[]?[]? _octaves;

    /// <summary>The number of recorded durations.</summary>
    public long TotalCount { get; private set; }

    /// <summary>The buckets that hold at least one duration, in bucket order.</summary>
    public IEnumerable<BucketCount> NonEmptyBuckets
    {
        get
        {
            for (int octave = 0; _octaves is not null && octave < _octaves.Length; octave++)
            {
                if (_octaves[octave] is { } chunk)
                {
                    for (int i = 0; i < PerOctave; i++)
                    {
                        if (chunk[i] != 0)
                        {
                            yield return new BucketCount((octave * PerOctave) + i, chunk[i]);
                        }
                    }
                }
            }
        }
    }

    /// <summary>Adds <paramref name="count"/> durations to bucket <paramref name="index"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not a bucket.</exception>
    public void Add(int index, long count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, LatencyBuckets.Count);
        _octaves ??= new long[]?[LatencyBuckets.OctaveCount];
        (_octaves[index / PerOctave] ??= new long[PerOctave])[index % PerOctave] += count;
        TotalCount += count;
    }

    /// <summary>Adds every bucket of <paramref name="buckets"/>.</summary>
    public void Add(IEnumerable<BucketCount> buckets)
    {
        ArgumentNullException.ThrowIfNull(buckets);
        foreach (BucketCount bucket in buckets)
        {
            Add(bucket.Index, bucket.Count);
        }
    }

    /// <summary>Adds every bucket of <paramref name="other"/>.</summary>
    public void Add(LatencyHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        for (int octave = 0; other._octaves is not null && octave < other._octaves.Length; octave++)
        {
            if (other._octaves[octave] is { } theirs)
            {
                _octaves ??= new long[]?[LatencyBuckets.OctaveCount];
                long[] ours = _octaves[octave] ??= new long[PerOctave];
                for (int i = 0; i < PerOctave; i++)
                {
                    ours[i] += theirs[i];
                }
            }
        }

        TotalCount += other.TotalCount;
    }

    /// <summary>
    /// The nearest-rank percentile in nanoseconds, within 6.25 % of the true value
    /// (see <see cref="LatencyBuckets"/>); <see langword="null"/> when nothing was recorded.
    /// </summary>
    /// <param name="quantile">Between 0 and 1, for example 0.99 for p99.</param>
    public double? Percentile(double quantile)
    {
        if (quantile is < 0 or > 1 || double.IsNaN(quantile))
        {
            throw new ArgumentOutOfRangeException(nameof(quantile), quantile, "A quantile is between 0 and 1, for example 0.99 for p99.");
        }

        if (TotalCount == 0)
        {
            return null;
        }

        long rank = Math.Max(1, (long)Math.Ceiling(quantile * TotalCount));
        long seen = 0;
        int last = 0;
        for (int octave = 0; octave < _octaves!.Length; octave++)
        {
            if (_octaves[octave] is not { } chunk)
            {
                continue;
            }

            for (int i = 0; i < PerOctave; i++)
            {
                if (chunk[i] != 0)
                {
                    seen += chunk[i];
                    last = (octave * PerOctave) + i;
                    if (seen >= rank)
                    {
                        return LatencyBuckets.Representative(last);
                    }
                }
            }
        }

        return LatencyBuckets.Representative(last);
    }
}
