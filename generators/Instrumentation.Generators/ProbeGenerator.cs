using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Instrumentation.Generators
{
    /// <summary>
    /// Turns Track attributes into allocation-free probe code: one pipeline per attribute parses
    /// methods into equatable specs; the specs are checked together for metric-name conflicts and
    /// written as one file per containing type. Diagnostics leave through their own output.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class ProbeGenerator : IIncrementalGenerator
    {
        /// <summary>Tracking names of the pipeline steps, for the incremental-caching tests.</summary>
        internal static class Steps
        {
            public const string ProbeMethods = "ProbeMethods";
            public const string AllProbeMethods = "AllProbeMethods";
            public const string ProbeFiles = "ProbeFiles";
            public const string Diagnostics = "Diagnostics";
            public const string Conflicts = "Conflicts";
        }

        private static readonly (string Attribute, TrackKind Kind)[] s_attributes =
        {
            ("Instrumentation.TrackEndpointAttribute", TrackKind.Endpoint),
            ("Instrumentation.TrackTokenIssueAttribute", TrackKind.TokenIssue),
            ("Instrumentation.TrackTokenRevokeAttribute", TrackKind.TokenRevoke),
            ("Instrumentation.TrackCacheLookupAttribute", TrackKind.CacheLookup),
            ("Instrumentation.TrackCacheEvictionAttribute", TrackKind.CacheEviction),
            ("Instrumentation.TrackEventAttribute", TrackKind.Event),
            ("Instrumentation.TrackGaugeAttribute", TrackKind.Gauge),
        };

        /// <inheritdoc />
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            IncrementalValueProvider<ImmutableArray<ProbeMethodSpec>>? all = null;
            foreach ((string attribute, TrackKind kind) in s_attributes)
            {
                IncrementalValuesProvider<ProbeParseResult> parsed = context.SyntaxProvider
                    .ForAttributeWithMetadataName(attribute, ProbeMethodParser.IsCandidate, (c, ct) => ProbeMethodParser.Parse(c, kind, ct))
                    .WithTrackingName(Steps.ProbeMethods);

                context.RegisterSourceOutput(
                    parsed.SelectMany(static (r, _) => r.Diagnostics).WithTrackingName(Steps.Diagnostics),
                    static (spc, diagnostic) => spc.ReportDiagnostic(diagnostic.ToDiagnostic()));

                IncrementalValueProvider<ImmutableArray<ProbeMethodSpec>> specs = parsed
                    .Where(static r => r.Spec is not null)
                    .Select(static (r, _) => r.Spec!)
                    .Collect();
                all = all is null ? specs : all.Value.Combine(specs).Select(static (pair, _) => pair.Left.AddRange(pair.Right));
            }

            IncrementalValueProvider<ImmutableArray<ProbeMethodSpec>> allMethods = all!.Value.WithTrackingName(Steps.AllProbeMethods);

            IncrementalValuesProvider<ProbeFileSpec> files = allMethods
                .SelectMany(static (methods, _) => GroupIntoFiles(methods))
                .WithTrackingName(Steps.ProbeFiles);

            IncrementalValuesProvider<DiagnosticInfo> conflicts = allMethods
                .SelectMany(static (methods, _) => MetricConflicts.Find(methods))
                .WithTrackingName(Steps.Conflicts);

            context.RegisterSourceOutput(files, static (spc, file) => spc.AddSource(file.HintName, ProbeFileEmitter.Emit(file)));
            context.RegisterSourceOutput(conflicts, static (spc, diagnostic) => spc.ReportDiagnostic(diagnostic.ToDiagnostic()));
        }

        private static IEnumerable<ProbeFileSpec> GroupIntoFiles(ImmutableArray<ProbeMethodSpec> methods) =>
            methods
                .GroupBy(m => m.TypeKey)
                .OrderBy(g => g.Key, System.StringComparer.Ordinal)
                .Select(g => new ProbeFileSpec(HintName(g.Key), new EquatableArray<ProbeMethodSpec>(g.OrderBy(m => m.Location?.Span.Start ?? 0))));

        private static string HintName(string typeKey)
        {
            var name = new System.Text.StringBuilder();
            foreach (char c in typeKey.Replace("global::", string.Empty))
            {
                name.Append(char.IsLetterOrDigit(c) || c == '.' ? c : '_');
            }

            return name.Append(".Probes.g.cs").ToString();
        }
    }
}
