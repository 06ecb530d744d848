namespace Instrumentation.Probes;

/// <summary>The signal a probe keeps; it fixes the meaning of a series' counters.</summary>
public enum ProbeKind
{
    /// <summary>Calls, failures, in-flight and a latency histogram. Counters: <see cref="EndpointCounters"/>.</summary>
    Endpoint,

    /// <summary>Tokens issued and revoked. Counters: <see cref="TokenCounters"/>.</summary>
    Token,

    /// <summary>Cache hits, misses and evictions. Counters: <see cref="CacheCounters"/>.</summary>
    Cache,

    /// <summary>Occurrences per tag set, optionally timed. Counters: <see cref="EventCounters"/>.</summary>
    Event,

    /// <summary>A value read at collection time; no counters.</summary>
    Gauge,
}
