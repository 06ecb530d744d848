namespace Instrumentation.Probes;

/// <summary>
/// A named metric of one kind: the set of its series, one per tag-value combination, bounded by a
/// cardinality limit past which new combinations fold into one overflow series.
/// </summary>
public abstract class Probe
{
    private readonly int _explicitCardinalityLimit;

    private protected Probe(ProbeDefinition definition, ProbeRegistry registry)
    {
        Definition = definition;
        Registry = registry;
        _explicitCardinalityLimit = definition.CardinalityLimit;
    }

    /// <summary>What the probe was registered with (for tokens, with the lifetime the issuing side named).</summary>
    public ProbeDefinition Definition { get; private set; }

    /// <summary>The metric name.</summary>
    public string Name => Definition.Name;

    /// <summary>The signal kind.</summary>
    public ProbeKind Kind => Definition.Kind;

    /// <summary>
    /// The most series the probe creates before it folds new tag values into the overflow series:
    /// the probe's own limit, or else the registry's default.
    /// </summary>
    public int CardinalityLimit => _explicitCardinalityLimit > 0 ? _explicitCardinalityLimit : Registry.DefaultCardinalityLimit;

    /// <summary>The registry the probe was created by.</summary>
    private protected ProbeRegistry Registry { get; }

    /// <summary>Takes the token lifetime of a later registration when this one left it unspecified.</summary>
    internal void AdoptTokenLifetime(ProbeDefinition registration)
    {
        if (registration.HasExplicitTokenLifetime && !Definition.HasExplicitTokenLifetime)
        {
            Definition = registration;
        }
    }

    /// <summary>Every series created so far, the overflow series included once it exists.</summary>
    public abstract IReadOnlyList<Series> Series { get; }

    /// <summary>The same series as <see cref="Series"/>, for the collector's scan: no view, no enumerator.</summary>
    internal abstract ReadOnlySpan<Series> SeriesSpan { get; }
}
