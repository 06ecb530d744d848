using System.Linq;
using Microsoft.CodeAnalysis;

namespace Instrumentation.Generators
{
    /// <summary>The attributes the generator reads, by metadata name.</summary>
    internal static class TrackAttributes
    {
        public const string Tag = "Instrumentation.TagAttribute";
        public const string Value = "Instrumentation.ValueAttribute";
        public const string TrackingScope = "Instrumentation.TrackingScope";
        public const string UsageScope = "Instrumentation.UsageScope";

        public static readonly (string MetadataName, TrackKind Kind)[] All =
        {
            ("Instrumentation.TrackEndpointAttribute", TrackKind.Endpoint),
            ("Instrumentation.TrackTokenIssueAttribute", TrackKind.TokenIssue),
            ("Instrumentation.TrackTokenRevokeAttribute", TrackKind.TokenRevoke),
            ("Instrumentation.TrackCacheLookupAttribute", TrackKind.CacheLookup),
            ("Instrumentation.TrackCacheEvictionAttribute", TrackKind.CacheEviction),
            ("Instrumentation.TrackEventAttribute", TrackKind.Event),
            ("Instrumentation.TrackGaugeAttribute", TrackKind.Gauge),
            ("Instrumentation.TrackUsageAttribute", TrackKind.Usage),
        };

        /// <summary>The attribute of the class named <paramref name="metadataName"/> on <paramref name="symbol"/>, if any.</summary>
        public static AttributeData? Get(ISymbol symbol, string metadataName) =>
            symbol.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == metadataName);

        /// <summary>The Track attribute on <paramref name="method"/> and its kind, if any.</summary>
        public static (AttributeData Attribute, TrackKind Kind)? Find(IMethodSymbol method)
        {
            foreach (AttributeData attribute in method.GetAttributes())
            {
                string? name = attribute.AttributeClass?.ToDisplayString();
                foreach ((string metadataName, TrackKind kind) in All)
                {
                    if (name == metadataName)
                    {
                        return (attribute, kind);
                    }
                }
            }

            return null;
        }

        /// <summary>The kinds of every Track attribute on <paramref name="method"/>, in declaration order.</summary>
        public static TrackKind[] KindsOn(IMethodSymbol method) =>
            method.GetAttributes()
                .Select(a => a.AttributeClass?.ToDisplayString())
                .SelectMany(name => All.Where(t => t.MetadataName == name).Select(t => t.Kind))
                .ToArray();

        /// <summary>Whether calls of a method with a body and this attribute are intercepted: gauges are read, usage needs a probe method.</summary>
        public static bool InterceptsCalls(TrackKind kind) => kind is not (TrackKind.Gauge or TrackKind.Usage);

        /// <summary>Whether an implementation is timed: endpoints always, events with <c>Timed = true</c>.</summary>
        public static bool IsTimed(TrackKind kind, AttributeData attribute) =>
            kind == TrackKind.Endpoint
            || (kind == TrackKind.Event && attribute.NamedArguments.Any(a => a.Key == "Timed" && a.Value.Value is true));

        public static string Name(TrackKind kind) => kind switch
        {
            TrackKind.Endpoint => "TrackEndpoint",
            TrackKind.TokenIssue => "TrackTokenIssue",
            TrackKind.TokenRevoke => "TrackTokenRevoke",
            TrackKind.CacheLookup => "TrackCacheLookup",
            TrackKind.CacheEviction => "TrackCacheEviction",
            TrackKind.Event => "TrackEvent",
            TrackKind.Usage => "TrackUsage",
            _ => "TrackGauge",
        };
    }
}
