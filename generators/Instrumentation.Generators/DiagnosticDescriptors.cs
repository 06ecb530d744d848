using Microsoft.CodeAnalysis;

namespace Instrumentation.Generators
{
    /// <summary>Every diagnostic the generator reports. Ids are stable; each message says how to fix the code.</summary>
    internal static class DiagnosticDescriptors
    {
        private const string Category = "Instrumentation";

        public static readonly DiagnosticDescriptor ProbeMethodMustBeStatic = Error(
            "INSTR001",
            "Probe methods must be static",
            "The probe method '{0}' must be static: declare it 'static partial' without a body, for example 'static partial void {0}(...);' (a [TrackEndpoint] probe method returns TrackingScope)");

        public static readonly DiagnosticDescriptor UnsupportedTagType = Error(
            "INSTR002",
            "Unsupported tag parameter",
            "The parameter '{0}' of '{1}' is '{2}', which cannot be a tag: use a string, bool, enum or integer (sbyte to long) passed by value, or remove the parameter");

        public static readonly DiagnosticDescriptor MetricNameConflict = Error(
            "INSTR003",
            "One metric name, two meanings",
            "The metric '{0}' is declared by '{1}' as {2} and by '{3}' as {4}: a metric name has one kind, one set of tags and one token lifetime, so rename one of them or make them agree");

        public static readonly DiagnosticDescriptor InvalidMetricName = Error(
            "INSTR004",
            "Invalid metric name",
            "'{0}' is not a valid metric name for '{1}': start with a letter, then use letters, digits, '.', '_', '-' or '/', at most 255 characters, for example [{2}(\"orders.checkout\")]");

        public static readonly DiagnosticDescriptor InvalidTagName = Error(
            "INSTR005",
            "Invalid tag name",
            "'{0}' is not a valid tag name for the parameter '{1}': start with a letter, then use letters, digits, '.', '_', '-' or '/', at most 63 characters, for example [Tag(\"client_id\")]");

        public static readonly DiagnosticDescriptor TooManyTags = Error(
            "INSTR006",
            "Too many tags",
            "'{0}' has {1} tags; the most is 8: fold some parameters into one tag or remove them");

        public static readonly DiagnosticDescriptor NoCallSite = Warning(
            "INSTR007",
            "Tracked method has no call site here",
            "No call to '{0}' is counted: nothing in this assembly calls it directly, and it is not public, so no other assembly's build intercepts it either (calls through delegates or reflection are never intercepted). Call a probe method inside '{0}', or remove the attribute.");

        public static readonly DiagnosticDescriptor LanguageVersionTooLow = Warning(
            "INSTR008",
            "Interceptors need C# 12",
            "Calls to '{0}' are not counted: intercepting calls needs C# 12 or later; set <LangVersion>12</LangVersion> or later, or call a probe method inside '{0}'");

        public static readonly DiagnosticDescriptor CannotTrack = Error(
            "INSTR009",
            "Cannot track this member",
            "[{0}] cannot track '{1}' because it is {2}: put the attribute on an ordinary method, or call a probe method from here");

        public static readonly DiagnosticDescriptor ProbeMethodReturnType = Error(
            "INSTR010",
            "Wrong probe method return type",
            "The probe method '{0}' marked [{1}] must return {2}");

        public static readonly DiagnosticDescriptor MethodGroupNotCounted = Warning(
            "INSTR011",
            "A delegate of a tracked method is not counted",
            "'{0}' is used as a delegate or function pointer here, so calls through it are not counted by [{1}]: call it directly (for example in a lambda), or call a probe method inside it");

        public static readonly DiagnosticDescriptor CacheLookupNeedsHit = Error(
            "INSTR012",
            "Cache lookup probe method needs the outcome",
            "The cache lookup probe method '{0}' needs a 'bool hit' parameter that says whether the lookup found a value");

        public static readonly DiagnosticDescriptor InvalidGauge = Error(
            "INSTR013",
            "Invalid gauge",
            "[TrackGauge] cannot read '{0}': a gauge is either a static method with no parameters that returns an integer and that the assembly can call (not private), or a 'static partial void' probe method with a 'long delta' parameter");

        public static readonly DiagnosticDescriptor CannotIntercept = Error(
            "INSTR014",
            "Calls to this method cannot be intercepted",
            "Calls to '{0}' cannot be intercepted because it is {1}");

        public static readonly DiagnosticDescriptor CacheLookupResult = Error(
            "INSTR015",
            "Cache lookup result cannot say hit or miss",
            "[TrackCacheLookup] cannot tell a hit from '{0}': return a bool (the TryGet pattern) or a value that is null on a miss, directly or as Task<T>/ValueTask<T>");

        public static readonly DiagnosticDescriptor InterceptorsNotEnabled = Warning(
            "INSTR016",
            "Interceptors are not enabled for the generated namespace",
            "Calls to '{0}' are not counted: the project does not enable interceptors in 'Instrumentation.Generated'. The Instrumentation package's build targets do this unless InstrumentationInterceptors is false; when referencing the generator directly, add <InterceptorsNamespaces>$(InterceptorsNamespaces);Instrumentation.Generated</InterceptorsNamespaces>.");

        public static readonly DiagnosticDescriptor CallNotCounted = Warning(
            "INSTR017",
            "This call of a tracked method is not counted",
            "This call of '{0}' is not counted by [{1}] because {2}");

        public static readonly DiagnosticDescriptor BaseCallsNotCounted = Warning(
            "INSTR018",
            "Calls through the base member are not counted",
            "[{0}] on '{1}' counts calls made through '{2}' and types derived from it, not calls through '{3}', which may dispatch here: {4}");

        public static readonly DiagnosticDescriptor DuplicateTagName = Error(
            "INSTR019",
            "Two tags with one name",
            "'{0}' has two tags named '{1}': give one of them another name with [Tag(\"...\")]");

        public static readonly DiagnosticDescriptor InvalidAttributeArgument = Error(
            "INSTR020",
            "Invalid attribute argument",
            "{0} = {1} on '{2}' is not valid: {3}");

        public static readonly DiagnosticDescriptor SeveralTrackAttributes = Error(
            "INSTR021",
            "More than one Track attribute",
            "'{0}' carries [{1}] and [{2}]: a method is tracked by one Track attribute; keep one, and for a second signal call a probe method inside it");

        public static readonly DiagnosticDescriptor ProbeMethodHasBody = Error(
            "INSTR022",
            "A probe method's body is generated",
            "The probe method '{0}' already has an implementation part: remove the body (the generator writes it), or make '{0}' an ordinary (not partial) method so that [{1}] intercepts its calls");

        public static readonly DiagnosticDescriptor TooManyCombinations = Error(
            "INSTR023",
            "Too many tag combinations",
            "The enum and bool tags of '{0}' have more than 2,147,483,647 combinations: make one of them a string tag, or remove one");

        public static readonly DiagnosticDescriptor CalledByTheLanguage = Warning(
            "INSTR024",
            "The language also calls this method without a written call",
            "'{0}' is also called by the language without a call in the code ({1}), and those calls are not counted, only calls written as '{0}(...)': call a probe method inside '{0}' to count every call");

        public static readonly DiagnosticDescriptor InvalidValueParameter = Error(
            "INSTR025",
            "Invalid [Value] parameter",
            "The parameter '{0}' of '{1}' cannot be its [Value]: {2}");

        public static readonly DiagnosticDescriptor AmountLikeTag = Info(
            "INSTR026",
            "A parameter named like an amount is a tag",
            "The parameter '{0}' of '{1}' is a tag, so each distinct value gets a series of its own: if it is an amount to add up, mark it [Value] (on a [TrackEvent] or [TrackUsage] probe method); if it is meant as a tag, mark it [Tag(\"{2}\")]");

        public static readonly DiagnosticDescriptor UsageNeedsProbeMethod = Error(
            "INSTR027",
            "[TrackUsage] goes on a probe method",
            "[TrackUsage] cannot go on '{0}', which is not a static partial probe method: a call does not carry its tokens, so declare a probe method 'static partial void Completed([Tag(\"model\")] string model, [Value] long inputTokens, [Value] long outputTokens);' and call it where the tokens are known");

        public static readonly DiagnosticDescriptor UsageCannotBePriced = Warning(
            "INSTR028",
            "Usage without a cost or a model to price it by",
            "'{0}' records tokens without a cost and has no 'model' tag to price them by, so every call will count as unpriced: add a [Tag(\"model\")] string parameter (priced from Instrumentation:Usage:Prices) or a [Value] long costMicros parameter");

        public static readonly DiagnosticDescriptor TimedUsageFailedParameter = Error(
            "INSTR029",
            "A timed usage probe's failure is its scope's",
            "'{0}' returns UsageScope, so a 'bool failed' parameter cannot say how the call ends: remove it and call scope.Fail() where the call fails (or mark it [Tag(\"failed\")] if it is meant as a tag)");

        public static readonly DiagnosticDescriptor UnsupportedTargetFramework = Error(
            "INSTR100",
            "Unsupported target framework",
            "Instrumentation needs net10.0 or later, and this target's framework lacks ModuleInitializerAttribute, so nothing is generated for it: reference Instrumentation for net10.0 only, and put the Track attributes under #if NET10_0_OR_GREATER");

        /// <summary>Each id has a page: cause, example, fix.</summary>
        public static string HelpLink(string id) => $"https://github.com/instrumentation-sdk/instrumentation/blob/main/docs/diagnostics/{id}.md";

        private static DiagnosticDescriptor Warning(string id, string title, string message) =>
            new(id, title, message, Category, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLink(id));

        private static DiagnosticDescriptor Info(string id, string title, string message) =>
            new(id, title, message, Category, DiagnosticSeverity.Info, isEnabledByDefault: true, helpLinkUri: HelpLink(id));

        private static DiagnosticDescriptor Error(string id, string title, string message) =>
            new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink(id));
    }
}
