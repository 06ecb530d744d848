namespace Instrumentation.Probes;

/// <summary>A probe of calls to a metered service (an LLM), optionally timed; one <see cref="UsageSeries"/> per tag-value combination (model, provider).</summary>
public sealed class UsageProbe : Probe<UsageSeries>
{
    internal UsageProbe(ProbeDefinition definition, ProbeRegistry registry)
        : base(definition, registry)
    {
    }

    private protected override UsageSeries CreateSeries(SeriesInfo info) => new(info, Registry);
}
