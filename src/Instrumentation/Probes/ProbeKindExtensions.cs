namespace Instrumentation.Probes;

/// <summary>The names of the kinds, for JSON and stores.</summary>
public static class ProbeKindExtensions
{
    /// <summary>The lower-case name used in JSON and storage: <c>endpoint</c>, <c>token</c>, …</summary>
    public static string ToName(this ProbeKind kind) => kind switch
    {
        ProbeKind.Endpoint => "endpoint",
        ProbeKind.Token => "token",
        ProbeKind.Cache => "cache",
        ProbeKind.Event => "event",
        ProbeKind.Gauge => "gauge",
        ProbeKind.Usage => "usage",
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
