namespace Instrumentation.Probes;

/// <summary>A probe of tokens issued and revoked; one <see cref="TokenSeries"/> per tag-value combination.</summary>
public sealed class TokenProbe : Probe<TokenSeries>
{
    internal TokenProbe(ProbeDefinition definition, ProbeRegistry registry)
        : base(definition, registry)
    {
    }

    private protected override TokenSeries CreateSeries(SeriesInfo info) => new(info);
}
