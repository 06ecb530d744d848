namespace Instrumentation.Probes;

/// <summary>The counters each <see cref="ProbeKind"/> keeps, for sinks that store them by name.</summary>
public static class ProbeKindExtensions
{
    private static readonly string[] s_endpoint = ["calls", "failures"];
    private static readonly string[] s_token = ["issued", "revoked"];
    private static readonly string[] s_cache = ["hits", "misses", "evictions"];
    private static readonly string[] s_event = ["occurrences"];

    /// <summary>The counter names of <paramref name="kind"/>, in position order (see <see cref="EndpointCounters"/> and its siblings).</summary>
    public static IReadOnlyList<string> CounterNames(this ProbeKind kind) => kind switch
    {
        ProbeKind.Endpoint => s_endpoint,
        ProbeKind.Token => s_token,
        ProbeKind.Cache => s_cache,
        ProbeKind.Event => s_event,
        ProbeKind.Gauge => [],
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown probe kind."),
    };

    /// <summary>How many counters <paramref name="kind"/> keeps.</summary>
    public static int CounterCount(this ProbeKind kind) => kind.CounterNames().Count;

    /// <summary>The lower-case name used in JSON and storage: <c>endpoint</c>, <c>token</c>, …</summary>
    public static string ToName(this ProbeKind kind) => kind switch
    {
        ProbeKind.Endpoint => "endpoint",
        ProbeKind.Token => "token",
        ProbeKind.Cache => "cache",
        ProbeKind.Event => "event",
        ProbeKind.Gauge => "gauge",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown probe kind."),
    };

    /// <summary>The kind named <paramref name="name"/> by <see cref="ToName"/>, for sinks reading stored series back.</summary>
    public static bool TryParseName(string? name, out ProbeKind kind)
    {
        foreach (ProbeKind candidate in Enum.GetValues<ProbeKind>())
        {
            if (candidate.ToName() == name)
            {
                kind = candidate;
                return true;
            }
        }

        kind = default;
        return false;
    }
}
