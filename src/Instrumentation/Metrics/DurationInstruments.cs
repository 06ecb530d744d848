using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using Instrumentation.Probes;

namespace Instrumentation.Metrics;

/// <summary>
/// The <see cref="Histogram{T}"/>s that timed series of one kind also record their durations into,
/// one per <see cref="InstrumentationMeter"/>. With no meter the hot path pays one length check;
/// with a meter nobody listens to, a call and <see cref="Instrument.Enabled"/>.
/// </summary>
internal sealed class DurationInstruments
{
    private readonly Lock _gate = new();
    private Histogram<double>[] _histograms = [];

    /// <summary>The histograms now attached; replaced, never changed, so readers need no lock.</summary>
    public Histogram<double>[] Histograms => _histograms;

    public void Attach(Histogram<double> histogram)
    {
        lock (_gate)
        {
            Volatile.Write(ref _histograms, [.. _histograms, histogram]);
        }
    }

    public void Detach(Histogram<double> histogram)
    {
        lock (_gate)
        {
            Volatile.Write(ref _histograms, [.. _histograms.Where(h => h != histogram)]);
        }
    }

    /// <summary>Records <paramref name="nanoseconds"/> as seconds into every histogram a listener enabled.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Record(Histogram<double>[] histograms, Series series, long nanoseconds)
    {
        double seconds = nanoseconds / 1e9;
        foreach (Histogram<double> histogram in histograms)
        {
            if (histogram.Enabled)
            {
                histogram.Record(seconds, series.MeterTags);
            }
        }
    }
}
