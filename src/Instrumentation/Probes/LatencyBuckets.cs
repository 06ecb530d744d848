using System.Numerics;
using System.Runtime.CompilerServices;

namespace Instrumentation.Probes;

/// <summary>
/// The fixed log-linear bucket layout every duration histogram shares, in nanoseconds.
/// </summary>
/// <remarks>
/// Values 0–7 ns have a bucket each. Above that, every power of two is split into eight equal
/// buckets, so a bucket is at most 12.5 % as wide as its lower bound and a percentile reported at
/// the bucket midpoint is within 6.25 % of the true value. Values from 2^38 ns (about 275 s) up
/// fold into the last bucket. The layout never changes: sinks store bucket indexes as they are.
/// </remarks>
public static class LatencyBuckets
{
    private const int SubBucketBits = 3;
    private const int SubBucketCount = 1 << SubBucketBits;

    /// <summary>The number of buckets.</summary>
    public const int Count = 288;

    /// <summary>Buckets per power of two (the first eight, 0–7 ns, count as one octave too).</summary>
    internal const int BucketsPerOctave = SubBucketCount;

    /// <summary>The number of octaves: <see cref="Count"/> / <see cref="BucketsPerOctave"/>.</summary>
    internal const int OctaveCount = Count / BucketsPerOctave;

    /// <summary>The largest duration with a bucket of its own; longer ones land in the last bucket.</summary>
    public const long MaxTrackedNanoseconds = (1L << 38) - 1;

    /// <summary>Returns the bucket that holds <paramref name="nanoseconds"/>; negative values count as 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int IndexOf(long nanoseconds)
    {
        if (nanoseconds < SubBucketCount)
        {
            return nanoseconds <= 0 ? 0 : (int)nanoseconds;
        }

        ulong value = (ulong)Math.Min(nanoseconds, MaxTrackedNanoseconds);
        int octave = 63 - BitOperations.LeadingZeroCount(value);
        int sub = (int)(value >> (octave - SubBucketBits)) & (SubBucketCount - 1);
        return ((octave - SubBucketBits + 1) << SubBucketBits) + sub;
    }

    /// <summary>The smallest duration, in nanoseconds, that lands in bucket <paramref name="index"/>.</summary>
    public static long LowerBound(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        if (index < SubBucketCount)
        {
            return index;
        }

        int octave = (index >> SubBucketBits) + SubBucketBits - 1;
        long sub = index & (SubBucketCount - 1);
        return (1L << octave) + (sub << (octave - SubBucketBits));
    }

    /// <summary>The width of bucket <paramref name="index"/> in nanoseconds.</summary>
    public static long Width(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return index < SubBucketCount ? 1 : 1L << ((index >> SubBucketBits) - 1);
    }

    /// <summary>
    /// The value reported for a percentile that falls in bucket <paramref name="index"/>: the exact
    /// value for the one-nanosecond buckets, otherwise the bucket midpoint.
    /// </summary>
    public static double Representative(int index)
    {
        long width = Width(index);
        return width == 1 ? LowerBound(index) : LowerBound(index) + (width / 2.0);
    }
}
