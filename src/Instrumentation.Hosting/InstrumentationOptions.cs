using Instrumentation.Collection;
using Instrumentation.Probes;

namespace Instrumentation;

/// <summary>
/// Settings of <c>AddInstrumentation()</c>, bound from the <c>Instrumentation</c> configuration
/// section and validated at start-up.
/// </summary>
public sealed class InstrumentationOptions
{
    /// <summary>The configuration section the options bind from.</summary>
    public const string SectionName = "Instrumentation";

    /// <summary>Time between two collections. Default 1 second; 10 ms to 1 hour.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The series limit of probes that set none of their own. Default 1,000; 1 to 100,000.</summary>
    public int CardinalityLimit { get; set; } = ProbeRegistry.DefaultCardinalityLimitValue;

    /// <summary>
    /// The most series all probes together create before new tag values fold into each probe's overflow
    /// series (see <see cref="ProbeRegistry.MaxSeries"/>). Default 100,000; 1 to 10,000,000.
    /// </summary>
    public int MaxSeries { get; set; } = ProbeRegistry.DefaultMaxSeriesValue;

    /// <summary>The first wait before a failed sink write is retried. Default 1 second.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between two retries of a failing sink. Default 30 seconds.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The window the snapshot endpoints use when the query names none: <c>1m</c>, <c>5m</c> or <c>1h</c>. Default <c>1m</c>.</summary>
    public string DefaultWindow { get; set; } = "1m";

    /// <summary>Whether requests to endpoints marked <c>[TrackEndpoint]</c> are recorded. Default <see langword="true"/>.</summary>
    public bool RecordRequests { get; set; } = true;

    internal CollectorOptions ToCollectorOptions() => new() { Interval = Interval, RetryDelay = RetryDelay, MaxRetryDelay = MaxRetryDelay };
}
