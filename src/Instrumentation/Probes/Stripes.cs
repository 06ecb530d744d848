using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Instrumentation.Probes;

/// <summary>
/// How series cells are split across cores: at most one stripe per processor (a power of two, at most
/// <see cref="MaxCount"/>), chosen by the id of the processor the recording thread runs on. A series
/// creates a stripe's cells when a thread first records on that processor, so a series recorded from
/// one thread has one stripe of cells however many cores the machine has.
/// </summary>
internal static class Stripes
{
    /// <summary>The most stripes a series has.</summary>
    public const int MaxCount = 16;

    /// <summary>Longs per cache line: the cells of one stripe are rounded up to whole lines.</summary>
    public const int LineLongs = 8;

    /// <summary>
    /// The stripe count: the processor count rounded up to a power of two, at most <see cref="MaxCount"/>.
    /// The environment variable <c>INSTRUMENTATION_STRIPES</c> overrides it (rounded the same way); it is a
    /// knob for tests and benchmarks that need a many-core layout on a small machine, not a tuning setting.
    /// </summary>
    public static readonly int Count = Choose(Environment.GetEnvironmentVariable("INSTRUMENTATION_STRIPES"), Environment.ProcessorCount);

    private static readonly int Mask = Count - 1;

    /// <summary>The stripe of the processor the caller runs on.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Current() => Thread.GetCurrentProcessorId() & Mask;

    /// <summary>Longs for <paramref name="fieldCount"/> fields, rounded up to whole cache lines.</summary>
    public static int LengthFor(int fieldCount) => (fieldCount + LineLongs - 1) / LineLongs * LineLongs;

    /// <summary>The stripe count for <paramref name="setting"/> (the environment variable), else for <paramref name="processors"/>.</summary>
    internal static int Choose(string? setting, int processors)
    {
        int wanted = int.TryParse(setting, NumberStyles.None, CultureInfo.InvariantCulture, out int parsed) && parsed > 0
            ? parsed
            : processors;
        return (int)Math.Min(BitOperations.RoundUpToPowerOf2((uint)Math.Min(wanted, MaxCount)), MaxCount);
    }
}
