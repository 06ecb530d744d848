using System.Diagnostics.Metrics;
using Instrumentation.Probes;

namespace Instrumentation.Metrics;

/// <summary>
/// Publishes every probe of a registry through <see cref="System.Diagnostics.Metrics"/> on the meter
/// <see cref="InstrumentNames.Meter"/>, so OpenTelemetry, <c>dotnet-counters</c> and any
/// <see cref="MeterListener"/> see probes as ordinary .NET metrics.
/// </summary>
/// <remarks>
/// Counts and current values are observable instruments: they are read from the probes when a listener
/// collects, so they cost the hot path nothing and every probe registered later appears by itself.
/// Durations are <see cref="Histogram{T}"/>s in seconds that timed series record into only while a
/// listener has the instrument enabled. Names: <see cref="InstrumentNames"/>.
/// </remarks>
public sealed class InstrumentationMeter : IDisposable
{
    /// <summary>
    /// Bucket bounds in seconds for both duration histograms: OpenTelemetry's advice for HTTP server
    /// durations, a readable default for calls that take milliseconds to seconds.
    /// </summary>
    private static readonly InstrumentAdvice<double> s_durationAdvice = new()
    {
        HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10],
    };

    private readonly ProbeRegistry _registry;
    private readonly Histogram<double> _endpointDuration;
    private readonly Histogram<double> _eventDuration;

    /// <summary>Creates the meter from <paramref name="meterFactory"/>, which owns its lifetime, and publishes <paramref name="registry"/>.</summary>
    /// <param name="meterFactory">The app's meter factory (<c>services.AddMetrics()</c>).</param>
    /// <param name="registry">The probes to publish; generated code registers in <see cref="ProbeRegistry.Shared"/>.</param>
    public InstrumentationMeter(IMeterFactory meterFactory, ProbeRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(registry);
        _registry = registry;
        Meter = meterFactory.Create(new MeterOptions(InstrumentNames.Meter) { Version = InstrumentNames.Version });

        Counter(InstrumentNames.EndpointCalls, ProbeKind.Endpoint, EndpointFields.Calls, "{call}", "Completed calls, successful or not.");
        Counter(InstrumentNames.EndpointFailures, ProbeKind.Endpoint, EndpointFields.Failures, "{call}", "Calls that failed: an exception, or a response status of 500 or more.");
        Meter.CreateObservableUpDownCounter(InstrumentNames.EndpointActiveCalls, () => Values(ProbeKind.Endpoint), "{call}", "Calls in flight.");
        Counter(InstrumentNames.TokensIssued, ProbeKind.Token, TokenFields.Issued, "{token}", "Tokens issued.");
        Counter(InstrumentNames.TokensRevoked, ProbeKind.Token, TokenFields.Revoked, "{token}", "Tokens revoked.");
        Counter(InstrumentNames.CacheHits, ProbeKind.Cache, CacheFields.Hits, "{lookup}", "Cache lookups that found a value.");
        Counter(InstrumentNames.CacheMisses, ProbeKind.Cache, CacheFields.Misses, "{lookup}", "Cache lookups that found nothing.");
        Counter(InstrumentNames.CacheEvictions, ProbeKind.Cache, CacheFields.Evictions, "{entry}", "Cache entries evicted.");
        Counter(InstrumentNames.EventOccurrences, ProbeKind.Event, EventFields.Occurrences, "{event}", "Event occurrences.");
        // Amounts may be negative (a stock adjustment), so the sum is an up-down counter.
        Meter.CreateObservableUpDownCounter(InstrumentNames.EventValueSum, () => Counters(ProbeKind.Event, EventFields.ValueSum, p => p.Definition.SumsValues), unit: null, "The sum of the amounts events carried ([Value] parameters).");
        Meter.CreateObservableGauge(InstrumentNames.GaugeValue, () => Values(ProbeKind.Gauge), unit: null, "Gauge values at collection time.");

        _endpointDuration = Meter.CreateHistogram(InstrumentNames.EndpointDuration, "s", "Duration of calls.", tags: null, s_durationAdvice);
        _eventDuration = Meter.CreateHistogram(InstrumentNames.EventDuration, "s", "Duration of timed events.", tags: null, s_durationAdvice);
        registry.EndpointDurations.Attach(_endpointDuration);
        registry.EventDurations.Attach(_eventDuration);
    }

    /// <summary>The meter, created by the factory passed in.</summary>
    public Meter Meter { get; }

    /// <summary>Stops recording durations into this meter's histograms. The factory disposes the meter.</summary>
    public void Dispose()
    {
        _registry.EndpointDurations.Detach(_endpointDuration);
        _registry.EventDurations.Detach(_eventDuration);
    }

    private void Counter(string name, ProbeKind kind, int counter, string unit, string description) =>
        Meter.CreateObservableCounter(name, () => Counters(kind, counter), unit, description);

    private List<Measurement<long>> Counters(ProbeKind kind, int counter, Func<Probe, bool>? only = null)
    {
        var measurements = new List<Measurement<long>>();
        foreach (Series series in SeriesOf(kind, only))
        {
            measurements.Add(new Measurement<long>(series.ReadCounter(counter), series.MeterTags));
        }

        return measurements;
    }

    private List<Measurement<long>> Values(ProbeKind kind)
    {
        var measurements = new List<Measurement<long>>();
        foreach (Series series in SeriesOf(kind))
        {
            try
            {
                measurements.Add(new Measurement<long>(series.ReadValue(), series.MeterTags));
            }
#pragma warning disable CA1031 // A user's gauge observer that throws loses its value, not the collection.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }

        return measurements;
    }

    private IEnumerable<Series> SeriesOf(ProbeKind kind, Func<Probe, bool>? only = null) =>
        _registry.Probes.Where(p => p.Kind == kind && (only is null || only(p))).SelectMany(p => p.Series);
}
