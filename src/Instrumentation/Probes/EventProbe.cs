namespace Instrumentation.Probes;

/// <summary>A probe of occurrences, optionally timed; one <see cref="EventSeries"/> per tag-value combination.</summary>
public sealed class EventProbe : Probe<EventSeries>
{
    internal EventProbe(ProbeDefinition definition, Func<int> defaultCardinalityLimit)
        : base(definition, defaultCardinalityLimit)
    {
    }

    private protected override EventSeries CreateSeries(SeriesInfo info) => new(info);
}
