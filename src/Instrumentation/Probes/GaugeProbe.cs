namespace Instrumentation.Probes;

/// <summary>A probe of values read at collection time; one <see cref="GaugeSeries"/> per tag-value combination.</summary>
public sealed class GaugeProbe : Probe<GaugeSeries>
{
    internal GaugeProbe(ProbeDefinition definition, ProbeRegistry registry)
        : base(definition, registry)
    {
    }

    /// <summary>
    /// Reads the untagged series from <paramref name="observer"/> at every collection (a buffer's fill,
    /// a pool's size). The observer runs on the collector's thread; an exception it throws is logged
    /// and the value skipped.
    /// </summary>
    public void Observe(Func<long> observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        Default.SetObserver(observer);
    }

    private protected override GaugeSeries CreateSeries(SeriesInfo info) => new(info);
}
