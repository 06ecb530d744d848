namespace Instrumentation.Probes;

/// <summary>What a probe is registered with: name, kind, tags and limits.</summary>
public sealed class ProbeDefinition : IEquatable<ProbeDefinition>
{
    /// <summary>The most tags a probe may have.</summary>
    public const int MaxTags = ProbeLimits.MaxTags;

    /// <summary>How long a token lives when its attribute names no lifetime.</summary>
    public static readonly TimeSpan DefaultTokenLifetime = TimeSpan.FromHours(1);

    /// <summary>Describes a probe.</summary>
    /// <param name="name">The metric name (see <see cref="MetricNames"/>).</param>
    /// <param name="kind">The signal kind.</param>
    /// <param name="tags">Its tags, at most <see cref="MaxTags"/>, names unique.</param>
    /// <param name="cardinalityLimit">Its own series limit, or 0 for the registry's default.</param>
    /// <param name="timed">For events: whether occurrences carry durations. Endpoints are always timed.</param>
    /// <param name="sumsValues">For events: whether each occurrence adds an amount (a <c>[Value]</c> parameter) to the series' <c>valueSum</c>.</param>
    /// <param name="tokenLifetime">
    /// For tokens: how long an issued token stays active; zero leaves it unspecified (one hour unless
    /// another registration of the same token names one, as the issuing side does).
    /// </param>
    public ProbeDefinition(string name, ProbeKind kind, IReadOnlyList<TagDefinition>? tags = null, int cardinalityLimit = 0, bool timed = false, TimeSpan tokenLifetime = default, bool sumsValues = false)
    {
        MetricNames.ThrowIfInvalidMetricName(name);
        tags ??= [];
        if (tags.Count > MaxTags)
        {
            throw new ArgumentException($"The probe '{name}' has {tags.Count} tags; the most is {MaxTags}. Fold some into one tag or drop them.", nameof(tags));
        }

        string? duplicate = tags.GroupBy(t => t.Name).FirstOrDefault(g => g.Count() > 1)?.Key;
        if (duplicate is not null)
        {
            throw new ArgumentException($"The probe '{name}' names the tag '{duplicate}' twice; give each tag its own name.", nameof(tags));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(cardinalityLimit);
        if (tokenLifetime < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(tokenLifetime), tokenLifetime, "A token lifetime is positive, or zero for the default of one hour.");
        }

        Name = name;
        Kind = kind;
        Tags = [.. tags];
        CardinalityLimit = cardinalityLimit;
        Timed = kind == ProbeKind.Endpoint || (kind is ProbeKind.Event or ProbeKind.Usage && timed);
        SumsValues = kind == ProbeKind.Event && sumsValues;
        HasExplicitTokenLifetime = kind == ProbeKind.Token && tokenLifetime > TimeSpan.Zero;
        TokenLifetime = kind != ProbeKind.Token ? TimeSpan.Zero : HasExplicitTokenLifetime ? tokenLifetime : DefaultTokenLifetime;
    }

    /// <summary>The metric name.</summary>
    public string Name { get; }

    /// <summary>The signal kind.</summary>
    public ProbeKind Kind { get; }

    /// <summary>The tags, in order.</summary>
    public IReadOnlyList<TagDefinition> Tags { get; }

    /// <summary>The probe's own series limit, or 0 for the registry's default.</summary>
    public int CardinalityLimit { get; }

    /// <summary>Whether series keep durations.</summary>
    public bool Timed { get; }

    /// <summary>For events, whether each occurrence adds an amount to the series' <c>valueSum</c> field.</summary>
    public bool SumsValues { get; }

    /// <summary>For tokens, how long an issued token stays active (one hour when unspecified); zero for other kinds.</summary>
    public TimeSpan TokenLifetime { get; }

    /// <summary>Whether the registration named the token lifetime rather than leaving the default.</summary>
    public bool HasExplicitTokenLifetime { get; }

    /// <summary>
    /// Whether two registrations describe the same series: kind, tags, timing, values, and token lifetime
    /// when both name one. The cardinality limit may differ; the first registration's wins.
    /// </summary>
    public bool Equals(ProbeDefinition? other) =>
        other is not null
        && Name == other.Name
        && Kind == other.Kind
        && Timed == other.Timed
        && SumsValues == other.SumsValues
        && (!HasExplicitTokenLifetime || !other.HasExplicitTokenLifetime || TokenLifetime == other.TokenLifetime)
        && Tags.SequenceEqual(other.Tags);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ProbeDefinition);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Name, Kind, Tags.Count);

    /// <inheritdoc />
    public override string ToString() => $"{Kind} '{Name}' ({string.Join(", ", Tags)}){(Timed ? " timed" : string.Empty)}{(SumsValues ? " with values" : string.Empty)}";
}
