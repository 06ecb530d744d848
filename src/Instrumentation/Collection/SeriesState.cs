using System.Runtime.CompilerServices;
using Instrumentation.Probes;

namespace Instrumentation.Collection;

/// <summary>
/// What one collector last read of one series: its summed fields and, for timed series, the cumulative count
/// of each non-empty bucket of its two histograms (completed and failed calls; sparse, in bucket order), so the
/// state of a quiet series stays small.
/// </summary>
internal sealed class SeriesState
{
    private readonly int _fieldCount;
    private FieldValues _lastFields;
    private BucketCount[] _lastBuckets = [];
    private BucketCount[] _lastFailedBuckets = [];

    public SeriesState(object owner, int fieldCount)
    {
        Owner = owner;
        _fieldCount = fieldCount;
    }

    /// <summary>The collector this state belongs to.</summary>
    public object Owner { get; }

    /// <summary>The series' summed fields at the last read, kept inside this object (no array of their own).</summary>
    public Span<long> LastFields => ((Span<long>)_lastFields)[.._fieldCount];

    public long? LastValue { get; set; }

    public bool ObserverFailed { get; set; }

    /// <summary>
    /// Reads the series' histograms (through <paramref name="scratch"/>, whose counts it leaves all zero again) and
    /// returns what each bucket gained since the last call, completed and failed calls together, in bucket order.
    /// </summary>
    /// <param name="series">The series, timed.</param>
    /// <param name="scratch">Buffers the collector reuses, its counts all zero.</param>
    /// <param name="calls">The timed records since the last call, failed or not.</param>
    /// <param name="failures">The failed ones among them.</param>
    public BucketCount[] TakeBucketDeltas(Series series, BucketScratch scratch, out long calls, out long failures)
    {
        // Failed calls first: a call that fails between the two reads is then seen as completed now and failed
        // next time, never as a failure without its call.
        BucketCount[] failed = TakeBucketDeltas(series, failed: true, ref _lastFailedBuckets, scratch, out failures);
        BucketCount[] completed = TakeBucketDeltas(series, failed: false, ref _lastBuckets, scratch, out long succeeded);
        calls = succeeded + failures;
        return failed.Length == 0 ? completed : SparseBuckets.Merge(completed, failed);
    }

    private static BucketCount[] TakeBucketDeltas(Series series, bool failed, ref BucketCount[] lastBuckets, BucketScratch scratch, out long total)
    {
        ulong octaves = series.ReadBuckets(scratch.Counts, failed);
        Span<BucketCount> gains = scratch.Gains;
        Span<BucketCount> counts = scratch.NonEmpty;
        int gained = 0, nonEmpty = 0, last = 0;
        total = 0;
        for (int octave = 0; octave < LatencyBuckets.OctaveCount; octave++)
        {
            if ((octaves & (1UL << octave)) == 0)
            {
                continue;
            }

            Span<long> octaveCounts = scratch.Counts.AsSpan(octave * LatencyBuckets.BucketsPerOctave, LatencyBuckets.BucketsPerOctave);
            for (int k = 0; k < octaveCounts.Length; k++)
            {
                // Counts only grow and chunks are never dropped, so every bucket read last time is in a touched octave.
                int index = (octave * LatencyBuckets.BucketsPerOctave) + k;
                long now = octaveCounts[k];
                long before = last < lastBuckets.Length && lastBuckets[last].Index == index ? lastBuckets[last++].Count : 0;
                if (now != before)
                {
                    gains[gained++] = new BucketCount(index, now - before);
                    total += now - before;
                }

                if (now != 0)
                {
                    counts[nonEmpty++] = new BucketCount(index, now);
                }
            }

            octaveCounts.Clear();
        }

        if (gained == 0)
        {
            return [];
        }

        // Usually the same buckets as last time, only fuller: then the counts are written over in place.
        if (nonEmpty == lastBuckets.Length && SameIndexes(counts[..nonEmpty], lastBuckets))
        {
            counts[..nonEmpty].CopyTo(lastBuckets);
        }
        else
        {
            lastBuckets = counts[..nonEmpty].ToArray();
        }

        return gains[..gained].ToArray();
    }

    private static bool SameIndexes(ReadOnlySpan<BucketCount> a, ReadOnlySpan<BucketCount> b)
    {
        for (int i = 0; i < a.Length; i++)
        {
            if (a[i].Index != b[i].Index)
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>The buffers one collector reuses to read histograms, so a pass allocates only the deltas it returns.</summary>
internal sealed class BucketScratch
{
    /// <summary>Summed bucket counts of one series; all zero between reads.</summary>
    public long[] Counts { get; } = new long[LatencyBuckets.Count];

    public BucketCount[] Gains { get; } = new BucketCount[LatencyBuckets.Count];

    public BucketCount[] NonEmpty { get; } = new BucketCount[LatencyBuckets.Count];
}

/// <summary>Room for the fields of any series layout.</summary>
[InlineArray(SeriesLayout.MaxFieldCount)]
internal struct FieldValues
{
    private long _first;
}
