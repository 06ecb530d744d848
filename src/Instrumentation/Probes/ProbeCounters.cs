namespace Instrumentation.Probes;

/// <summary>Counter positions of an <see cref="ProbeKind.Endpoint"/> series.</summary>
public static class EndpointCounters
{
    /// <summary>Completed calls, successful or not.</summary>
    public const int Calls = 0;

    /// <summary>Calls that failed (exception, or a response status of 500 or more).</summary>
    public const int Failures = 1;

    /// <summary>The number of counters.</summary>
    public const int Count = 2;
}

/// <summary>Counter positions of a <see cref="ProbeKind.Token"/> series.</summary>
public static class TokenCounters
{
    /// <summary>Tokens issued.</summary>
    public const int Issued = 0;

    /// <summary>Tokens revoked.</summary>
    public const int Revoked = 1;

    /// <summary>The number of counters.</summary>
    public const int Count = 2;
}

/// <summary>Counter positions of a <see cref="ProbeKind.Cache"/> series.</summary>
public static class CacheCounters
{
    /// <summary>Lookups that found a value.</summary>
    public const int Hits = 0;

    /// <summary>Lookups that found nothing.</summary>
    public const int Misses = 1;

    /// <summary>Entries evicted.</summary>
    public const int Evictions = 2;

    /// <summary>The number of counters.</summary>
    public const int Count = 3;
}

/// <summary>Counter positions of an <see cref="ProbeKind.Event"/> series.</summary>
public static class EventCounters
{
    /// <summary>Occurrences, timed or not.</summary>
    public const int Occurrences = 0;

    /// <summary>The number of counters.</summary>
    public const int Count = 1;
}
