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
                    else if (MethodGroup(model, node, cancellationToken) is { } info)
                    {
                        methodGroups.Add(info);
                    }
                }
            }

            return new BoundCalls(new EquatableArray<CallSiteSpec>(callSites), new EquatableArray<DiagnosticInfo>(methodGroups));
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
                : new CallSiteSpec(CallShape.Describe(definition, probe), location.Version, location.Data, location.GetDisplayLocation(), LocationInfo.From(invocation.GetLocation()));
        }

        private static DiagnosticInfo? MethodGroup(SemanticModel model, SyntaxNode node, CancellationToken cancellationToken)
        {
            if (model.GetSymbolInfo(node, cancellationToken).Symbol is not IMethodSymbol { MethodKind: MethodKind.Ordinary or MethodKind.ReducedExtension } method)
            {
                return null;
            }

            IMethodSymbol definition = (method.ReducedFrom ?? method).OriginalDefinition;
            if (TrackAttributes.Find(definition) is not { } track
                || track.Kind == TrackKind.Gauge
                || definition.IsPartialDefinition
                || IsGeneratedProbeMethod(definition)
                || IsMappedAsAspNetHandler(node))
            {
                return null;
            }

            return DiagnosticInfo.Create(DiagnosticDescriptors.MethodGroupNotCounted, node.GetLocation(), definition.Name, TrackAttributes.Name(track.Kind));
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

    /// <summary>What binding the candidates found: call sites to intercept and method groups to report.</summary>
    internal sealed record BoundCalls(EquatableArray<CallSiteSpec> CallSites, EquatableArray<DiagnosticInfo> MethodGroups);
}
