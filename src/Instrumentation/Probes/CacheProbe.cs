namespace Instrumentation.Probes;

/// <summary>A probe of cache hits, misses and evictions; one <see cref="CacheSeries"/> per tag-value combination.</summary>
public sealed class CacheProbe : Probe<CacheSeries>
{
    internal CacheProbe(ProbeDefinition definition, ProbeRegistry registry)
        : base(definition, registry)
    {
    }

    private protected override CacheSeries CreateSeries(SeriesInfo info) => new(info);
}
