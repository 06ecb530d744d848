namespace Instrumentation.Probes;

/// <summary>A probe of calls, failures, in-flight and latency; one <see cref="EndpointSeries"/> per tag-value combination.</summary>
public sealed class EndpointProbe : Probe<EndpointSeries>
{
    internal EndpointProbe(ProbeDefinition definition, ProbeRegistry registry)
        : base(definition, registry)
    {
    }

    private protected override EndpointSeries CreateSeries(SeriesInfo info) => new(info, Registry.EndpointDurations);
}
