using System.Linq;

namespace Instrumentation.Generators
{
    /// <summary>Which Track attribute a method carries.</summary>
    internal enum TrackKind
    {
        Endpoint,
        TokenIssue,
        TokenRevoke,
        CacheLookup,
        CacheEviction,
        Event,
        Gauge,
        Usage,
    }

    /// <summary>How a tag parameter selects its series.</summary>
    internal enum TagValueKind
    {
        Text,
        Number,
        Bool,
        Enum,
    }

    /// <summary>One tag: the parameter it comes from and, for enums, the members in index order.</summary>
    /// <param name="Name">The tag name.</param>
    /// <param name="Parameter">The parameter name, escaped for C#.</param>
    /// <param name="Kind">How the value selects a series.</param>
    /// <param name="EnumType">The enum's fully qualified name.</param>
    /// <param name="EnumMembers">The enum's member names, one per distinct value, in declaration order.</param>
    /// <param name="EnumIsIndex">The members' values are 0, 1, … in declaration order and fit an int, so a value is its own index.</param>
    internal sealed record TagSpec(string Name, string Parameter, TagValueKind Kind, string? EnumType, EquatableArray<string> EnumMembers, bool EnumIsIndex = false)
    {
        public bool IsChoice => Kind is TagValueKind.Bool or TagValueKind.Enum;

        /// <summary>How many choices: bool 2, enum its members plus one for undefined values.</summary>
        public int ChoiceCount => Kind == TagValueKind.Bool ? 2 : EnumMembers.Count + 1;
    }

    /// <summary>A parameter as the implementation part redeclares it.</summary>
    internal sealed record ParameterSpec(string Declaration);

    /// <summary>One type of the chain that contains a probe method, outermost first.</summary>
    /// <param name="Keyword">class, struct, interface, record or record struct.</param>
    /// <param name="NameWithTypeParameters">For example <c>Cache&lt;TKey&gt;</c>.</param>
    internal sealed record ContainingTypeSpec(string Keyword, string NameWithTypeParameters);

    /// <summary>What a probe is: its kind, metric name, tags and limits — the same for both forms of tracking.</summary>
    internal sealed record ProbeShape(
        TrackKind Kind,
        string MetricName,
        EquatableArray<TagSpec> Tags,
        int CardinalityLimit,
        int LifetimeSeconds,
        bool Timed,
        bool SumsValues = false)
    {
        /// <summary>The probe family: token issue and revoke share one, as do cache lookup and eviction.</summary>
        public string Family => Kind switch
        {
            TrackKind.Endpoint => "endpoint",
            TrackKind.TokenIssue or TrackKind.TokenRevoke => "token",
            TrackKind.CacheLookup or TrackKind.CacheEviction => "cache",
            TrackKind.Event => "event",
            TrackKind.Usage => "usage",
            _ => "gauge",
        };

        /// <summary>A description for conflict messages: family, tags, timing and lifetime.</summary>
        public string Description =>
            $"{(Timed && Kind is TrackKind.Event or TrackKind.Usage ? "timed " : string.Empty)}{Family} with tags ({string.Join(", ", Tags.Select(t => t.Name + ":" + t.Kind.ToString().ToLowerInvariant()))})"
            + (SumsValues ? " and a [Value]" : string.Empty)
            + (Kind == TrackKind.TokenIssue ? $" living {LifetimeSeconds} s" : string.Empty);
    }

    /// <summary>The <c>[Value]</c> parameters of a usage probe method, by the field each adds to (escaped for C#), or null.</summary>
    internal sealed record UsageValueSpec(string? InputTokens, string? OutputTokens, string? CostMicros)
    {
        public bool Any => InputTokens is not null || OutputTokens is not null || CostMicros is not null;
    }

    /// <summary>Everything the emitter needs about one probe method (or gauge observer), as plain data.</summary>
    /// <param name="LocalPrefix">The prefix of the body's locals, chosen not to clash with the parameters (empty for a gauge observer, which has no body).</param>
    /// <param name="Marks">The generated-code attributes the body carries that its declaration does not already.</param>
    /// <param name="ValueParameter">The <c>[Value]</c> parameter of an event probe method, escaped for C#, or null.</param>
    /// <param name="UsageValues">The <c>[Value]</c> parameters of a usage probe method, or null for other kinds.</param>
    internal sealed record ProbeMethodSpec(
        ProbeShape Probe,
        string? Namespace,
        EquatableArray<ContainingTypeSpec> ContainingTypes,
        string TypeKey,
        string MethodName,
        string Modifiers,
        string ReturnType,
        EquatableArray<ParameterSpec> Parameters,
        string? OutcomeParameter,
        bool ReturnsScope,
        string? GaugeObserverCall,
        LocationInfo? Location,
        string LocalPrefix,
        EquatableArray<string> Marks,
        string? ValueParameter = null,
        UsageValueSpec? UsageValues = null)
    {
        public bool IsGaugeObserver => GaugeObserverCall is not null;
    }

    /// <summary>A probe declared in this compilation, by either form: what metric-name conflicts are checked on.</summary>
    internal sealed record TrackedProbe(ProbeShape Probe, string MethodName, LocationInfo? Location);

    /// <summary>A method with a body whose call sites are intercepted, as declared in this compilation.</summary>
    /// <param name="MethodKey">The documentation id of the method, to match its call sites.</param>
    /// <param name="CallSitesOptional">No call site is expected: ASP.NET Core invokes it (a controller action), or INSTR018 already said which calls are counted.</param>
    /// <param name="VisibleToOtherAssemblies">Public all the way out, so other assemblies' builds (which run this generator too) may intercept its calls.</param>
    internal sealed record TrackedImplementationSpec(ProbeShape Probe, string MethodKey, string MethodName, bool CallSitesOptional, LocationInfo? Location, bool VisibleToOtherAssemblies);

    /// <summary>The result of parsing one attributed method: a probe method, a tracked implementation, diagnostics.</summary>
    internal sealed record ProbeParseResult(ProbeMethodSpec? Spec, TrackedImplementationSpec? Implementation, EquatableArray<DiagnosticInfo> Diagnostics)
    {
        public TrackedProbe? Tracked =>
            Spec is { IsGaugeObserver: false } ? new TrackedProbe(Spec.Probe, Spec.MethodName, Spec.Location)
            : Implementation is not null ? new TrackedProbe(Implementation.Probe, Implementation.MethodName, Implementation.Location)
            : null;
    }

    /// <summary>The probes of one containing type: one generated file.</summary>
    internal sealed record ProbeFileSpec(string HintName, EquatableArray<ProbeMethodSpec> Methods);
}
