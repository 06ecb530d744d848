using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Instrumentation.Probes;

/// <summary>Converts <see cref="Stopwatch"/> timestamps to the nanoseconds histograms use.</summary>
internal static class Timing
{
    private static readonly bool s_ticksAreNanoseconds = Stopwatch.Frequency == 1_000_000_000;
    private static readonly double s_nanosecondsPerTick = 1_000_000_000.0 / Stopwatch.Frequency;

    /// <summary>The current <see cref="Stopwatch"/> timestamp.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long Now() => Stopwatch.GetTimestamp();

    /// <summary>Nanoseconds from <paramref name="startTimestamp"/> to now.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long NanosecondsSince(long startTimestamp) => ToNanoseconds(Stopwatch.GetTimestamp() - startTimestamp);

    /// <summary>Converts a <see cref="Stopwatch"/> tick count to nanoseconds.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long ToNanoseconds(long ticks) => s_ticksAreNanoseconds ? ticks : (long)(ticks * s_nanosecondsPerTick);
}
