using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Instrumentation.Generators
{
    /// <summary>
    /// Binds the candidates whose name is a tracked method's, one semantic model per file: calls become
    /// call sites to intercept; method groups become an info that their calls are not counted.
    /// </summary>
    internal static class CallBinder
    {
        public static BoundCalls Bind(Compilation compilation, IEnumerable<CallCandidate> candidates, CancellationToken cancellationToken)
        {
            var callSites = new List<CallSiteSpec>();
            var methodGroups = new List<DiagnosticInfo>();
            var handlers = new List<string>();
            Dictionary<string, SyntaxTree> trees = compilation.SyntaxTrees.GroupBy(t => t.FilePath).ToDictionary(g => g.Key, g => g.First());
            foreach (IGrouping<string, CallCandidate> file in candidates.GroupBy(c => c.FilePath))
            {
                if (!trees.TryGetValue(file.Key, out SyntaxTree? tree))
                {
                    continue;
                }

                SemanticModel model = compilation.GetSemanticModel(tree);
                SyntaxNode root = tree.GetRoot(cancellationToken);
                foreach (CallCandidate candidate in file)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    SyntaxNode node = root.FindNode(candidate.Span, getInnermostNodeForTie: true);
                    if (candidate.IsInvocation)
                    {
                        if (node.FirstAncestorOrSelf<InvocationExpressionSyntax>() is { } invocation && invocation.Span == candidate.Span
                            && CallSite(model, invocation, cancellationToken) is { } site)
                        {
                            callSites.Add(site);
                        }
                    }
                    else if (MethodGroupTarget(model.GetSymbolInfo(node, cancellationToken)) is { MethodKind: MethodKind.Ordinary or MethodKind.ReducedExtension } method
                        && TrackedDefinition(method) is { } tracked)
                    {
                        if (IsMappedAsAspNetHandler(node))
                        {
                            handlers.Add(CallShape.KeyOf(tracked.Definition));
                        }
                        else
                        {
                            methodGroups.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MethodGroupNotCounted, node.GetLocation(), tracked.Definition.Name, TrackAttributes.Name(tracked.Kind)));
                        }
                    }
                }
            }

            return new BoundCalls(new EquatableArray<CallSiteSpec>(callSites), new EquatableArray<DiagnosticInfo>(methodGroups), new EquatableArray<string>(handlers));
        }

        private static CallSiteSpec? CallSite(SemanticModel model, InvocationExpressionSyntax invocation, CancellationToken cancellationToken)
        {
            if (model.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol invoked)
            {
                return null;
            }

            IMethodSymbol definition = (invoked.ReducedFrom ?? invoked).OriginalDefinition;
            if (TrackAttributes.Find(definition) is not { } track
                || track.Kind == TrackKind.Gauge
                || definition.IsPartialDefinition
                || definition.PartialDefinitionPart is not null
                || IsGeneratedProbeMethod(definition)
                || InterceptionRules.WhyNot(definition) is not null
                || (track.Kind == TrackKind.CacheLookup && CallShape.HitRuleOf(definition) == HitRule.None))
            {
                return null;
            }

            var tags = new List<TagSpec>();
            foreach (IParameterSymbol parameter in definition.Parameters.Where(p => TrackedMethodParser.TagName(p) is not null))
            {
                if (TrackedMethodParser.ReadTag(parameter, definition, diagnostics: null) is { } tag)
                {
                    tags.Add(tag);
                }
            }

            ProbeShape probe = TrackedMethodParser.ReadShape(definition, track.Kind, track.Attribute, tags, TrackAttributes.IsTimed(track.Kind, track.Attribute));
            if (!MetricNameRules.IsValidMetricName(probe.MetricName) || tags.Count > TrackedMethodParser.MaxTags)
            {
                return null;
            }

            InterceptableLocation? location = model.GetInterceptableLocation(invocation, cancellationToken);
            return location is null
                ? null
                : new CallSiteSpec(CallShape.Describe(definition, probe), location.Version, location.Data, location.GetDisplayLocation(), invocation.SyntaxTree.FilePath, LocationInfo.From(invocation.GetLocation()));
        }

        /// <summary>The method a method group names; a group passed as a plain <c>Delegate</c> may bind only as a candidate.</summary>
        private static IMethodSymbol? MethodGroupTarget(SymbolInfo info) =>
            info.Symbol as IMethodSymbol ?? (info.CandidateSymbols.Length == 1 ? info.CandidateSymbols[0] as IMethodSymbol : null);

        /// <summary>The tracked definition a method group refers to, unless its calls count by themselves (probe methods, gauges).</summary>
        private static (IMethodSymbol Definition, TrackKind Kind)? TrackedDefinition(IMethodSymbol method)
        {
            IMethodSymbol definition = (method.ReducedFrom ?? method).OriginalDefinition;
            return TrackAttributes.Find(definition) is { Kind: not TrackKind.Gauge } track && !definition.IsPartialDefinition && !IsGeneratedProbeMethod(definition)
                ? (definition, track.Kind)
                : null;
        }

        /// <summary>
        /// A probe method from another assembly: its body, which our generator wrote, already counts.
        /// In metadata it is an ordinary method, so it is recognised by the generator's mark on it.
        /// </summary>
        private static bool IsGeneratedProbeMethod(IMethodSymbol method) =>
            method.GetAttributes().Any(a =>
                a.AttributeClass?.ToDisplayString() == "System.CodeDom.Compiler.GeneratedCodeAttribute"
                && a.ConstructorArguments.FirstOrDefault().Value as string == "Instrumentation.Generators");

        /// <summary><c>app.MapGet("/x", Handler)</c> and its siblings: the AspNetCore package records these requests.</summary>
        private static bool IsMappedAsAspNetHandler(SyntaxNode node) =>
            node.Parent is ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax call } }
            && call.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: { } name }
            && name.StartsWith("Map", System.StringComparison.Ordinal);
    }

    /// <summary>What binding the candidates found: call sites to intercept, method groups to report, and methods mapped as ASP.NET Core handlers.</summary>
    internal sealed record BoundCalls(EquatableArray<CallSiteSpec> CallSites, EquatableArray<DiagnosticInfo> MethodGroups, EquatableArray<string> AspNetHandlers);
}
