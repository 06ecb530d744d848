using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using Instrumentation.Probes;

namespace Instrumentation.Metrics;

/// <summary>
/// The <see cref="Histogram{T}"/>s that timed series of one kind also record their durations into,
/// one per <see cref="InstrumentationMeter"/>. With no meter the hot path pays one length check;
/// with a meter nobody listens to, a read of <see cref="Instrument.Enabled"/> per meter.
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

    /// <summary>Records <paramref name="nanoseconds"/> as seconds, with the series' attributes; off the inlined path.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Record(Histogram<double> histogram, Series series, long nanoseconds) =>
        histogram.Record(nanoseconds / 1e9, series.MeterTags);
}
