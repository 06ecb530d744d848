using System.ComponentModel;
using Instrumentation.Metrics;

namespace Instrumentation.Probes;

/// <summary>
/// Every probe of the process by metric name. Generated module initialisers register their probes in
/// <see cref="Shared"/>; a name registered twice (from any assembly) returns the same probe.
/// Registration never throws for a clash between two registrations — it runs in module initialisers,
/// where an exception would break the whole assembly: see <see cref="Conflicts"/>.
/// </summary>
public sealed class ProbeRegistry
{
    /// <summary>The default of <see cref="DefaultCardinalityLimit"/>.</summary>
    public const int DefaultCardinalityLimitValue = 1000;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Probe> _byName = new(StringComparer.Ordinal);
    private readonly AppendOnlyList<Probe> _all = new();
    private ProbeConflict[] _conflicts = [];
    private ProbeRegistry? _refused;
    private int _defaultCardinalityLimit = DefaultCardinalityLimitValue;
    private int _maxSeries = DefaultMaxSeriesValue;
    private int _seriesCount;
    private UsagePriceTable _usagePrices = UsagePriceTable.Empty;
    private bool _seriesRefused;

    /// <summary>The registry generated code registers in, shared by every assembly of the process.</summary>
    public static ProbeRegistry Shared { get; } = new();

    /// <summary>
    /// The series limit of probes that set none of their own (default 1,000). Changing it affects
    /// series created afterwards; existing series stay.
    /// </summary>
    public int DefaultCardinalityLimit
    {
        get => Volatile.Read(ref _defaultCardinalityLimit);
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            Volatile.Write(ref _defaultCardinalityLimit, value);
        }
    }

    /// <summary>The default of <see cref="MaxSeries"/>.</summary>
    public const int DefaultMaxSeriesValue = 100_000;

    /// <summary>
    /// The most series all probes together create (default 100,000). Past it, a new tag value of any probe
    /// folds into that probe's overflow series, as past a probe's own cardinality limit, so memory is bounded
    /// by this budget whatever the number of probes. Values seen before keep their series; totals stay exact.
    /// Overflow series (at most one per probe) are not counted. Lowering it affects series created afterwards.
    /// </summary>
    public int MaxSeries
    {
        get => Volatile.Read(ref _maxSeries);
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            Volatile.Write(ref _maxSeries, value);
        }
    }

    /// <summary>How many series (overflow series aside) the probes of this registry have created.</summary>
    public int SeriesCount => Volatile.Read(ref _seriesCount);

    /// <summary>Whether the budget is spent: every new tag value now folds into its probe's overflow series.</summary>
    internal bool SeriesBudgetSpent => SeriesCount >= MaxSeries;

    /// <summary>Whether a new tag value has been folded into an overflow series because the budget was spent.</summary>
    internal bool SeriesRefused => Volatile.Read(ref _seriesRefused);

    /// <summary>Takes one series from the budget; <see langword="false"/> when it is spent.</summary>
    internal bool TryTakeSeries()
    {
        if (Interlocked.Increment(ref _seriesCount) <= MaxSeries)
        {
            return true;
        }

        Interlocked.Decrement(ref _seriesCount);
        Volatile.Write(ref _seriesRefused, true);
        return false;
    }

    /// <summary>
    /// The prices usage recorded without a cost is priced with, by the series' <c>model</c> tag (<c>[TrackUsage]</c> probe
    /// methods without a <c>costMicros</c> value). Empty until set: <c>AddUsage()</c> sets it from
    /// <c>Instrumentation:Usage:Prices</c> when the host starts. A call no price covers records its tokens with no cost and
    /// counts in the series' <c>unpriced</c> field. Replacing the table reprices the calls recorded afterwards.
    /// </summary>
    public UsagePriceTable UsagePrices
    {
        get => Volatile.Read(ref _usagePrices);
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            Volatile.Write(ref _usagePrices, value);
        }
    }

    /// <summary>The duration histograms endpoint series also record into (see <see cref="InstrumentationMeter"/>).</summary>
    internal DurationInstruments EndpointDurations { get; } = new();

    /// <summary>The duration histograms timed event series also record into.</summary>
    internal DurationInstruments EventDurations { get; } = new();

    /// <summary>The duration histograms timed usage series also record into.</summary>
    internal DurationInstruments UsageDurations { get; } = new();

    /// <summary>Every registered probe, in registration order.</summary>
    public IReadOnlyList<Probe> Probes => _all.Snapshot();

    /// <summary>
    /// Registrations refused because their name was registered with another kind, other tags, other
    /// timing or another token lifetime. Each refused registration got a working probe that is not
    /// collected; the collector logs every conflict once.
    /// </summary>
    public IReadOnlyList<ProbeConflict> Conflicts => Volatile.Read(ref _conflicts);

    /// <summary>The probe registered as <paramref name="name"/>, or <see langword="null"/>.</summary>
    public Probe? Find(string name)
    {
        lock (_gate)
        {
            return _byName.GetValueOrDefault(name);
        }
    }

    /// <summary>Registers an endpoint probe, or returns the one registered under the same name.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public EndpointProbe GetOrAddEndpoint(string name, IReadOnlyList<TagDefinition>? tags = null, int cardinalityLimit = 0) =>
        GetOrAdd(new ProbeDefinition(name, ProbeKind.Endpoint, tags, cardinalityLimit), static (d, r) => new EndpointProbe(d, r));

    /// <summary>Registers a token probe, or returns the one registered under the same name.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public TokenProbe GetOrAddToken(string name, IReadOnlyList<TagDefinition>? tags = null, TimeSpan lifetime = default, int cardinalityLimit = 0) =>
        GetOrAdd(new ProbeDefinition(name, ProbeKind.Token, tags, cardinalityLimit, tokenLifetime: lifetime), static (d, r) => new TokenProbe(d, r));

    /// <summary>Registers a cache probe, or returns the one registered under the same name.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public CacheProbe GetOrAddCache(string name, IReadOnlyList<TagDefinition>? tags = null, int cardinalityLimit = 0) =>
        GetOrAdd(new ProbeDefinition(name, ProbeKind.Cache, tags, cardinalityLimit), static (d, r) => new CacheProbe(d, r));

    /// <summary>Registers an event probe, or returns the one registered under the same name.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public EventProbe GetOrAddEvent(string name, IReadOnlyList<TagDefinition>? tags = null, bool timed = false, int cardinalityLimit = 0, bool sumsValues = false) =>
        GetOrAdd(new ProbeDefinition(name, ProbeKind.Event, tags, cardinalityLimit, timed, sumsValues: sumsValues), static (d, r) => new EventProbe(d, r));

    /// <summary>Registers a usage probe (calls to a metered service such as an LLM), or returns the one registered under the same name.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public UsageProbe GetOrAddUsage(string name, IReadOnlyList<TagDefinition>? tags = null, bool timed = false, int cardinalityLimit = 0) =>
        GetOrAdd(new ProbeDefinition(name, ProbeKind.Usage, tags, cardinalityLimit, timed), static (d, r) => new UsageProbe(d, r));

    /// <summary>Registers a gauge probe, or returns the one registered under the same name.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GaugeProbe GetOrAddGauge(string name, IReadOnlyList<TagDefinition>? tags = null, int cardinalityLimit = 0) =>
        GetOrAdd(new ProbeDefinition(name, ProbeKind.Gauge, tags, cardinalityLimit), static (d, r) => new GaugeProbe(d, r));

    private TProbe GetOrAdd<TProbe>(ProbeDefinition definition, Func<ProbeDefinition, ProbeRegistry, TProbe> create)
        where TProbe : Probe
    {
        lock (_gate)
        {
            if (_byName.TryGetValue(definition.Name, out Probe? existing))
            {
                if (existing is TProbe same && existing.Definition.Equals(definition))
                {
                    same.AdoptTokenLifetime(definition);
                    return same;
                }

                // The refused registration gets a working probe of a registry nobody reads: it is not collected,
                // published on the meter or counted against this registry's series budget.
                Volatile.Write(ref _conflicts, [.. _conflicts, new ProbeConflict(existing.Definition, definition)]);
                return create(definition, _refused ??= new ProbeRegistry());
            }

            TProbe probe = create(definition, this);
            _byName.Add(definition.Name, probe);
            _all.Add(probe);
            return probe;
        }
    }
}
