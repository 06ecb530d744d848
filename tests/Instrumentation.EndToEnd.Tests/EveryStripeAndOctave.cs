using Instrumentation.Probes;

namespace Instrumentation.EndToEnd.Tests;

/// <summary>
/// Creates every stripe and histogram chunk of the series of a registry (counting nothing): a first use of either
/// allocates by design, and durations from a real clock, or threads of other tests, can bring one at any time.
/// </summary>
internal static class EveryStripeAndOctave
{
    public static void Prepare(ProbeRegistry registry)
    {
        foreach (Probe probe in registry.Probes)
        {
            foreach (Series series in probe.Series)
            {
                // The shared registry is recorded into by other tests at the same time: take the striped layout,
                // complete, so neither a collision nor a new processor allocates while an allocation test measures.
                series.CreateEveryStripe();
            }
        }
    }
}
