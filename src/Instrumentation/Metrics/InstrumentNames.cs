using System.Reflection;

namespace Instrumentation.Metrics;

/// <summary>
/// The names <see cref="InstrumentationMeter"/> publishes under, in the <c>instrumentation.*</c>
/// namespace (no OpenTelemetry semantic convention covers a probe in general). Every measurement
/// carries <see cref="ProbeAttribute"/> (the metric name) and the probe's tags as attributes.
/// </summary>
public static class InstrumentNames
{
    /// <summary>The meter's name: what <c>AddMeter</c> and <c>dotnet-counters --counters</c> take.</summary>
    public const string Meter = "Instrumentation";

    /// <summary>The meter's version: the package's (for example <c>0.9.0-preview.1</c>).</summary>
    public static string Version { get; } =
        typeof(InstrumentNames).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    /// <summary>The attribute holding the probe's metric name, e.g. <c>checkout.place</c>.</summary>
    public const string ProbeAttribute = "instrumentation.probe";

    /// <summary>OpenTelemetry's attribute of the point that absorbs series past a cardinality limit (value <see langword="true"/>).</summary>
    public const string OverflowAttribute = "otel.metric.overflow";

    /// <summary>Completed endpoint calls, successful or not (observable counter, <c>{call}</c>).</summary>
    public const string EndpointCalls = "instrumentation.endpoint.calls";

    /// <summary>Endpoint calls that failed (observable counter, <c>{call}</c>).</summary>
    public const string EndpointFailures = "instrumentation.endpoint.failures";

    /// <summary>Endpoint calls in flight (observable up-down counter, <c>{call}</c>).</summary>
    public const string EndpointActiveCalls = "instrumentation.endpoint.active_calls";

    /// <summary>Endpoint call durations (histogram, seconds), recorded only while a listener is enabled.</summary>
    public const string EndpointDuration = "instrumentation.endpoint.duration";

    /// <summary>Tokens issued (observable counter, <c>{token}</c>).</summary>
    public const string TokensIssued = "instrumentation.token.issued";

    /// <summary>Tokens revoked (observable counter, <c>{token}</c>).</summary>
    public const string TokensRevoked = "instrumentation.token.revoked";

    /// <summary>Cache lookups that found a value (observable counter, <c>{lookup}</c>).</summary>
    public const string CacheHits = "instrumentation.cache.hits";

    /// <summary>Cache lookups that found nothing (observable counter, <c>{lookup}</c>).</summary>
    public const string CacheMisses = "instrumentation.cache.misses";

    /// <summary>Cache entries evicted (observable counter, <c>{entry}</c>).</summary>
    public const string CacheEvictions = "instrumentation.cache.evictions";

    /// <summary>Event occurrences (observable counter, <c>{event}</c>).</summary>
    public const string EventOccurrences = "instrumentation.event.occurrences";

    /// <summary>The sum of the amounts of events whose probe has a <c>[Value]</c> parameter (observable up-down counter, as amounts may be negative; no unit: the amount's own).</summary>
    public const string EventValueSum = "instrumentation.event.value_sum";

    /// <summary>Durations of timed events (histogram, seconds), recorded only while a listener is enabled.</summary>
    public const string EventDuration = "instrumentation.event.duration";

    /// <summary>Gauge values (observable gauge).</summary>
    public const string GaugeValue = "instrumentation.gauge.value";
}
