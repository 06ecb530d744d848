namespace Instrumentation.Probes;

/// <summary>
/// The named fields every series of one <see cref="ProbeKind"/> keeps, each a sum that deltas add to. Stores keep
/// them by these names (<see cref="FieldNames"/>); the order is only the order they are listed in.
/// </summary>
public sealed class SeriesSchema
{
    /// <summary>The most fields a schema has.</summary>
    public const int MaxFieldCount = 7;

    private SeriesSchema(ProbeKind kind, params string[] fields)
    {
        Kind = kind;
        Fields = fields;
    }

    /// <summary>calls, failures.</summary>
    public static SeriesSchema Endpoint { get; } = new(ProbeKind.Endpoint, FieldNames.Calls, FieldNames.Failures);

    /// <summary>issued, revoked.</summary>
    public static SeriesSchema Token { get; } = new(ProbeKind.Token, FieldNames.Issued, FieldNames.Revoked);

    /// <summary>hits, misses, evictions.</summary>
    public static SeriesSchema Cache { get; } = new(ProbeKind.Cache, FieldNames.Hits, FieldNames.Misses, FieldNames.Evictions);

    /// <summary>occurrences, valueSum.</summary>
    public static SeriesSchema Event { get; } = new(ProbeKind.Event, FieldNames.Occurrences, FieldNames.ValueSum);

    /// <summary>No summed fields: a gauge's level is read at collection (<c>Value</c> of a delta).</summary>
    public static SeriesSchema Gauge { get; } = new(ProbeKind.Gauge);

    /// <summary>calls, failures, inputTokens, outputTokens, costMicros, rejected, unpriced.</summary>
    public static SeriesSchema Usage { get; } = new(ProbeKind.Usage, FieldNames.Calls, FieldNames.Failures, FieldNames.InputTokens, FieldNames.OutputTokens, FieldNames.CostMicros, FieldNames.Rejected, FieldNames.Unpriced);

    /// <summary>Every schema, one per kind.</summary>
    public static IReadOnlyList<SeriesSchema> All { get; } = [Endpoint, Token, Cache, Event, Gauge, Usage];

    /// <summary>The kind whose series have these fields.</summary>
    public ProbeKind Kind { get; }

    /// <summary>The field names (see <see cref="FieldNames"/>).</summary>
    public IReadOnlyList<string> Fields { get; }

    /// <summary>The schema of <paramref name="kind"/>.</summary>
    public static SeriesSchema Of(ProbeKind kind) => kind switch
    {
        ProbeKind.Endpoint => Endpoint,
        ProbeKind.Token => Token,
        ProbeKind.Cache => Cache,
        ProbeKind.Event => Event,
        ProbeKind.Gauge => Gauge,
        ProbeKind.Usage => Usage,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown probe kind."),
    };

    /// <summary>Where <paramref name="field"/> is listed, or -1 when the kind has no such field.</summary>
    public int IndexOf(string field)
    {
        for (int i = 0; i < Fields.Count; i++)
        {
            if (string.Equals(Fields[i], field, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Kind.ToName()} ({string.Join(", ", Fields)})";
}
