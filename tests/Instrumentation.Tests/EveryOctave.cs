using Instrumentation.Probes;

namespace Instrumentation.Tests;

/// <summary>
/// Creates every histogram chunk of the series of a registry (counting nothing): the first duration in an
/// octave allocates its chunk by design, and durations from a real clock can land anywhere.
/// </summary>
internal static class EveryOctave
{
    public static void Prepare(ProbeRegistry registry)
    {
        foreach (Probe probe in registry.Probes)
        {
            foreach (Series series in probe.Series)
            {
                series.CreateEveryChunk();
            }
        }
    }
}
