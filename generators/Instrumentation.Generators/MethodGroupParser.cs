using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Instrumentation.Generators
{
    /// <summary>
    /// Finds tracked methods used as method groups (delegates): no call site exists to intercept, so
    /// their calls are not counted — unless ASP.NET Core maps them as handlers, which it records itself.
    /// </summary>
    internal static class MethodGroupParser
    {
        public static bool IsCandidate(SyntaxNode node, CancellationToken cancellationToken) =>
            node is IdentifierNameSyntax or MemberAccessExpressionSyntax
            && node.Parent is ArgumentSyntax or EqualsValueClauseSyntax or AssignmentExpressionSyntax or ReturnStatementSyntax or ArrowExpressionClauseSyntax
            && !(node.Parent is AssignmentExpressionSyntax assignment && assignment.Left == node);

        public static DiagnosticInfo? Parse(GeneratorSyntaxContext context, CancellationToken cancellationToken)
        {
            SymbolInfo info = context.SemanticModel.GetSymbolInfo(context.Node, cancellationToken);
            IMethodSymbol? method = info.Symbol as IMethodSymbol;
            if (method is null || method.MethodKind is not (MethodKind.Ordinary or MethodKind.ReducedExtension))
            {
                return null;
            }

            IMethodSymbol definition = (method.ReducedFrom ?? method).OriginalDefinition;
            if (TrackAttributes.Find(definition) is not { } track
                || track.Kind == TrackKind.Gauge
                || definition.IsPartialDefinition
                || CallSiteParser.IsGeneratedProbeMethod(definition)
                || IsMappedAsAspNetHandler(context.Node))
            {
                return null;
            }

            return DiagnosticInfo.Create(DiagnosticDescriptors.MethodGroupNotCounted, context.Node.GetLocation(), definition.Name, TrackAttributes.Name(track.Kind));
        }

        /// <summary><c>app.MapGet("/x", Handler)</c> and its siblings: the AspNetCore package records these requests.</summary>
        private static bool IsMappedAsAspNetHandler(SyntaxNode node) =>
            node.Parent is ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax call } }
            && call.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: { } name }
            && name.StartsWith("Map", System.StringComparison.Ordinal);
    }
}
