using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Instrumentation.Generators
{
    /// <summary>
    /// Turns Track attributes into allocation-free probe code. Probe methods (partial, no body) get their
    /// bodies; calls to tracked methods with bodies are intercepted. Every input is parsed into equatable
    /// specs; diagnostics leave through their own outputs.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class ProbeGenerator : IIncrementalGenerator
    {
        /// <summary>The namespace generated interceptors live in; the package's build props enable it.</summary>
        public const string InterceptorsNamespace = "Instrumentation.Generated";

        /// <inheritdoc />
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            IncrementalValueProvider<ImmutableArray<ProbeParseResult>>? all = null;
            foreach ((string attribute, TrackKind kind) in TrackAttributes.All)
            {
                IncrementalValuesProvider<ProbeParseResult> parsed = context.SyntaxProvider
                    .ForAttributeWithMetadataName(attribute, TrackedMethodParser.IsCandidate, (c, ct) => TrackedMethodParser.Parse(c, kind, ct))
                    .WithTrackingName(Steps.TrackedMethods);

                Report(context, parsed.SelectMany(static (r, _) => r.Diagnostics).WithTrackingName(Steps.Diagnostics));

                IncrementalValueProvider<ImmutableArray<ProbeParseResult>> results = parsed
                    .Where(static r => r.Spec is not null || r.Implementation is not null)
                    .Collect();
                all = all is null ? results : all.Value.Combine(results).Select(static (pair, _) => pair.Left.AddRange(pair.Right));
            }

            IncrementalValueProvider<ImmutableArray<ProbeParseResult>> tracked = all!.Value.WithTrackingName(Steps.AllTrackedMethods);

            IncrementalValuesProvider<ProbeFileSpec> files = tracked
                .SelectMany(static (results, _) => GroupIntoFiles(results.Select(r => r.Spec).OfType<ProbeMethodSpec>()))
                .WithTrackingName(Steps.ProbeFiles);
            // Generated code needs module initialisers (net5.0+; the runtime itself needs net10.0). A target without
            // them (netstandard2.0 in a multi-targeting library) gets one error and no code that cannot compile.
            IncrementalValueProvider<bool> targetSupported = context.CompilationProvider
                .Select(static (c, _) => c.GetTypeByMetadataName("System.Runtime.CompilerServices.ModuleInitializerAttribute") is not null)
                .WithTrackingName(Steps.TargetSupported);
            context.RegisterSourceOutput(tracked.Combine(targetSupported), static (spc, pair) =>
            {
                if (!pair.Right && pair.Left.Length > 0)
                {
                    spc.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UnsupportedTargetFramework, Location.None));
                }
            });

            IncrementalValueProvider<bool> fileLocalTypes = context.ParseOptionsProvider
                .Select(static (options, _) => ((CSharpParseOptions)options).LanguageVersion >= LanguageVersion.CSharp11);
            context.RegisterSourceOutput(files.Combine(fileLocalTypes).Combine(targetSupported), static (spc, pair) =>
            {
                if (pair.Right)
                {
                    spc.AddSource(pair.Left.Left.HintName, ProbeFileEmitter.Emit(pair.Left.Left, pair.Left.Right));
                }
            });

            IncrementalValuesProvider<DiagnosticInfo> conflicts = tracked
                .SelectMany(static (results, _) => MetricConflicts.Find(results.Select(r => r.Tracked).OfType<TrackedProbe>().ToImmutableArray()))
                .WithTrackingName(Steps.Conflicts);
            Report(context, conflicts);

            // Calls: read every candidate from syntax alone (re-read on each edit, so it must stay cheap),
            // keep those named like a tracked method, and bind only those.
            IncrementalValueProvider<EquatableArray<string>> trackedNames = tracked
                .Combine(context.CompilationProvider.Select(static (c, ct) => TrackedNames.InReferences(c, ct)))
                .Select(static (pair, _) => TrackedNames.Merge(pair.Left, pair.Right))
                .WithTrackingName(Steps.TrackedNames);

            IncrementalValueProvider<EquatableArray<CallCandidate>> candidates = context.SyntaxProvider
                .CreateSyntaxProvider(CallCandidate.IsCandidate, CallCandidate.Read)
                .Where(static c => c is not null)
                .Select(static (c, _) => c!)
                .Collect()
                .Combine(trackedNames)
                .Select(static (pair, _) =>
                {
                    var names = new HashSet<string>(pair.Right);
                    return new EquatableArray<CallCandidate>(pair.Left.Where(c => names.Contains(c.Name)));
                })
                .WithTrackingName(Steps.CallCandidates);

            IncrementalValueProvider<BoundCalls> bound = candidates
                .Combine(context.CompilationProvider)
                .Select(static (pair, ct) => CallBinder.Bind(pair.Right, pair.Left, ct))
                .WithTrackingName(Steps.CallSites);

            IncrementalValueProvider<InterceptorSupport> support = context.ParseOptionsProvider
                .Select(static (options, _) => SupportOf((CSharpParseOptions)options))
                .WithTrackingName(Steps.InterceptorSupport);

            IncrementalValuesProvider<InterceptorFileSpec> interceptorFiles = bound
                .SelectMany(static (b, _) => GroupByCallingFile(b.CallSites))
                .WithTrackingName(Steps.InterceptorFiles);
            context.RegisterSourceOutput(interceptorFiles.Combine(support).Combine(targetSupported), static (spc, pair) =>
            {
                if (pair.Right)
                {
                    EmitInterceptors(spc, pair.Left.Left, pair.Left.Right);
                }
            });
            Report(context, bound.SelectMany(static (b, _) => b.NotCounted).WithTrackingName(Steps.NotCounted));

            IncrementalValuesProvider<DiagnosticInfo> uncalled = tracked
                .Combine(bound)
                .SelectMany(static (pair, _) => WithoutCallSites(pair.Left, pair.Right))
                .WithTrackingName(Steps.NoCallSite);
            Report(context, uncalled);
        }

        /// <summary>
        /// Reports diagnostics located in the compilation's syntax trees (so <c>#pragma</c> suppressions apply).
        /// Joining the compilation here re-runs only this reporting on an edit, never the steps before it.
        /// </summary>
        private static void Report(IncrementalGeneratorInitializationContext context, IncrementalValuesProvider<DiagnosticInfo> diagnostics) =>
            context.RegisterSourceOutput(
                diagnostics.Combine(context.CompilationProvider),
                static (spc, pair) => spc.ReportDiagnostic(pair.Left.ToDiagnostic(pair.Right)));

        private static void EmitInterceptors(SourceProductionContext context, InterceptorFileSpec file, InterceptorSupport support)
        {
            if (!support.LanguageVersionSupported || !support.NamespaceEnabled)
            {
                DiagnosticDescriptor descriptor = support.LanguageVersionSupported ? DiagnosticDescriptors.InterceptorsNotEnabled : DiagnosticDescriptors.LanguageVersionTooLow;
                foreach (CallSiteSpec first in file.CallSites.GroupBy(c => c.Method.MethodKey).Select(g => g.First()))
                {
                    context.ReportDiagnostic(Diagnostic.Create(descriptor, first.Location?.ToLocation(), first.Method.Name.TrimStart('@')));
                }

                return;
            }

            context.AddSource(file.HintName, InterceptorEmitter.Emit(file));
        }

        private static IEnumerable<InterceptorFileSpec> GroupByCallingFile(EquatableArray<CallSiteSpec> callSites) =>
            callSites
                .GroupBy(c => c.FilePath)
                .OrderBy(g => g.Key, System.StringComparer.Ordinal)
                .Select(g => new InterceptorFileSpec(HintNames.ForCallingFile(g.Key), new EquatableArray<CallSiteSpec>(g)));

        private static IEnumerable<DiagnosticInfo> WithoutCallSites(ImmutableArray<ProbeParseResult> tracked, BoundCalls bound)
        {
            var called = new HashSet<string>(bound.CallSites.Select(c => c.TrackedMethodKey).Concat(bound.AspNetHandlers));
            return tracked
                .Select(r => r.Implementation)
                .OfType<TrackedImplementationSpec>()
                .Where(i => !i.CallSitesOptional && !i.VisibleToOtherAssemblies && !called.Contains(i.MethodKey))
                .Select(i => new DiagnosticInfo(DiagnosticDescriptors.NoCallSite, i.Location, new EquatableArray<string>(new[] { i.MethodName })));
        }

        private static InterceptorSupport SupportOf(CSharpParseOptions options)
        {
            bool enabled = new[] { "InterceptorsNamespaces", "InterceptorsPreviewNamespaces" }
                .Select(key => options.Features.TryGetValue(key, out string? value) ? value : string.Empty)
                .SelectMany(value => value.Split(';'))
                .Select(ns => ns.Trim())
                .Any(ns => ns.Length > 0 && (InterceptorsNamespace == ns || InterceptorsNamespace.StartsWith(ns + ".", System.StringComparison.Ordinal)));
            return new InterceptorSupport(options.LanguageVersion >= LanguageVersion.CSharp12, enabled);
        }

        private static IEnumerable<ProbeFileSpec> GroupIntoFiles(IEnumerable<ProbeMethodSpec> methods)
        {
            var groups = methods
                .GroupBy(m => m.TypeKey)
                .OrderBy(g => g.Key, System.StringComparer.Ordinal)
                .Select(g => (Name: HintNames.ReadableTypeName(g.Key), TypeKey: g.Key, Methods: g))
                .ToList();

            // Hint names must differ ignoring case ('A.Probes' and 'A.probes'), and sanitising can make two
            // names equal ('P<T>' and 'P_T_'): such names get a hash of the type they stand for.
            var clashing = new HashSet<string>(
                groups.GroupBy(g => g.Name, System.StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key),
                System.StringComparer.OrdinalIgnoreCase);
            return groups.Select(g => new ProbeFileSpec(
                (clashing.Contains(g.Name) ? g.Name + "_" + HintNames.StableHash(g.TypeKey) : g.Name) + ".Probes.g.cs",
                new EquatableArray<ProbeMethodSpec>(g.Methods.OrderBy(m => m.Location?.Span.Start ?? 0))));
        }

        /// <summary>Tracking names of the pipeline steps, for the incremental-caching tests.</summary>
        internal static class Steps
        {
            public const string TrackedMethods = "TrackedMethods";
            public const string AllTrackedMethods = "AllTrackedMethods";
            public const string ProbeFiles = "ProbeFiles";
            public const string Diagnostics = "Diagnostics";
            public const string Conflicts = "Conflicts";
            public const string TrackedNames = "TrackedNames";
            public const string CallCandidates = "CallCandidates";
            public const string CallSites = "CallSites";
            public const string InterceptorFiles = "InterceptorFiles";
            public const string TargetSupported = "TargetSupported";
            public const string InterceptorSupport = "InterceptorSupport";
            public const string NoCallSite = "NoCallSite";
            public const string NotCounted = "NotCounted";
        }
    }
}
