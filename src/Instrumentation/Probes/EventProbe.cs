namespace Instrumentation.Probes;

/// <summary>A probe of occurrences, optionally timed and with an amount each; one <see cref="EventSeries"/> per tag-value combination.</summary>
public sealed class EventProbe : Probe<EventSeries>
{
    internal EventProbe(ProbeDefinition definition, ProbeRegistry registry)
        : base(definition, registry)
    {
    }

    private protected override EventSeries CreateSeries(SeriesInfo info) => new(info, Definition.SumsValues, Registry.EventDurations);
}
