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
    internal sealed record TagSpec(string Name, string Parameter, TagValueKind Kind, string? EnumType, EquatableArray<string> EnumMembers)
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

    /// <summary>Everything the emitter needs about one tracked method, as plain data.</summary>
    internal sealed record ProbeMethodSpec(
        TrackKind Kind,
        string MetricName,
        string? Namespace,
        EquatableArray<ContainingTypeSpec> ContainingTypes,
        string TypeKey,
        string MethodName,
        string Modifiers,
        string ReturnType,
        EquatableArray<ParameterSpec> Parameters,
        EquatableArray<TagSpec> Tags,
        string? OutcomeParameter,
        bool ReturnsScope,
        bool IsGaugeObserver,
        string? GaugeObserverCall,
        int CardinalityLimit,
        int LifetimeSeconds,
        LocationInfo? Location)
    {
        /// <summary>The probe family: token issue and revoke share one, as do cache lookup and eviction.</summary>
        public string Family => Kind switch
        {
            TrackKind.Endpoint => "endpoint",
            TrackKind.TokenIssue or TrackKind.TokenRevoke => "token",
            TrackKind.CacheLookup or TrackKind.CacheEviction => "cache",
            TrackKind.Event => "event",
            _ => "gauge",
        };

        public bool Timed => Kind == TrackKind.Endpoint || (Kind == TrackKind.Event && ReturnsScope);

        /// <summary>A description for conflict messages: family, tags, timing and lifetime.</summary>
        public string Shape =>
            $"{(Timed && Kind == TrackKind.Event ? "timed " : string.Empty)}{Family} with tags ({string.Join(", ", Tags.Select(t => t.Name + ":" + t.Kind.ToString().ToLowerInvariant()))})"
            + (Kind == TrackKind.TokenIssue ? $" living {LifetimeSeconds} s" : string.Empty);
    }

    /// <summary>The result of parsing one attributed method: a spec, diagnostics, or both.</summary>
    internal sealed record ProbeParseResult(ProbeMethodSpec? Spec, EquatableArray<DiagnosticInfo> Diagnostics);

    /// <summary>The probes of one containing type: one generated file.</summary>
    internal sealed record ProbeFileSpec(string HintName, EquatableArray<ProbeMethodSpec> Methods);
}
