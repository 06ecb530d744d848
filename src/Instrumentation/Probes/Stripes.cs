using System.Numerics;
using System.Runtime.CompilerServices;

namespace Instrumentation.Probes;

/// <summary>
/// How series cells are split across cores: one stripe per processor (a power of two, at most 16),
/// chosen by the id of the processor the recording thread runs on.
/// </summary>
internal static class Stripes
{
    /// <summary>Longs per cache line.</summary>
    private const int LineLongs = 8;

    public static readonly int Count = (int)Math.Min(BitOperations.RoundUpToPowerOf2((uint)Environment.ProcessorCount), 16);

    private static readonly int Mask = Count - 1;

    /// <summary>
    /// The distance between two stripes in longs: the fields rounded up to whole cache lines plus
    /// one spare line, so no two stripes ever share a line (nor one the adjacent-line prefetcher pairs).
    /// </summary>
    public static int StrideFor(int fieldCount) => (((fieldCount + LineLongs - 1) / LineLongs) + 1) * LineLongs;

    /// <summary>Cells for every stripe; stripe s starts at (s + 1) × stride, keeping the array header's line free.</summary>
    public static long[] Allocate(int stride) => new long[(Count + 1) * stride];

    /// <summary>The offset of the current processor's stripe.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int CurrentOffset(int stride) => ((Thread.GetCurrentProcessorId() & Mask) + 1) * stride;
}
