using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Instrumentation.Generators
{
    /// <summary>
    /// Finds calls to tracked methods with bodies (declared here or in a referenced assembly) and
    /// where to intercept them. Most invocations are not tracked and cost one symbol lookup.
    /// </summary>
    internal static class CallSiteParser
    {
        public static bool IsCandidate(SyntaxNode node, CancellationToken cancellationToken) =>
            node is InvocationExpressionSyntax invocation
            && invocation.Expression is not MemberAccessExpressionSyntax { Expression: BaseExpressionSyntax };

        public static CallSiteSpec? Parse(GeneratorSyntaxContext context, CancellationToken cancellationToken)
        {
            var invocation = (InvocationExpressionSyntax)context.Node;
            if (context.SemanticModel.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol invoked)
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

            InterceptableLocation? location = context.SemanticModel.GetInterceptableLocation(invocation, cancellationToken);
            if (location is null)
            {
                return null;
            }

            return new CallSiteSpec(
                CallShape.Describe(definition, probe),
                location.Version,
                location.Data,
                location.GetDisplayLocation(),
                LocationInfo.From(invocation.GetLocation()));
        }

        /// <summary>
        /// A probe method from another assembly: its body, which our generator wrote, already counts.
        /// In metadata it is an ordinary method, so it is recognised by the generator's mark on it.
        /// </summary>
        public static bool IsGeneratedProbeMethod(IMethodSymbol method) =>
            method.GetAttributes().Any(a =>
                a.AttributeClass?.ToDisplayString() == "System.CodeDom.Compiler.GeneratedCodeAttribute"
                && a.ConstructorArguments.FirstOrDefault().Value as string == "Instrumentation.Generators");
    }
}
