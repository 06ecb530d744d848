namespace Instrumentation.Probes;

/// <summary>The signal a probe keeps; it fixes the fields of a series (<see cref="SeriesSchema"/>).</summary>
public enum ProbeKind
{
    /// <summary>Calls, failures, in-flight and a latency histogram. Fields: <see cref="SeriesSchema.Endpoint"/>.</summary>
    Endpoint,

    /// <summary>Tokens issued and revoked. Fields: <see cref="SeriesSchema.Token"/>.</summary>
    Token,

    /// <summary>Cache hits, misses and evictions. Fields: <see cref="SeriesSchema.Cache"/>.</summary>
    Cache,

    /// <summary>Occurrences per tag set, optionally timed, optionally with an amount each. Fields: <see cref="SeriesSchema.Event"/>.</summary>
    Event,

    /// <summary>A value read at collection time; no summed fields.</summary>
    Gauge,

    /// <summary>Calls to a metered service (an LLM): tokens in and out, cost, failures, latency. Fields: <see cref="SeriesSchema.Usage"/>.</summary>
    Usage,
}
