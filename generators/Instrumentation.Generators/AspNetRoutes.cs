using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Instrumentation.Generators
{
    /// <summary>
    /// Route handlers passed to ASP.NET Core's <c>Map...</c> methods (<c>app.MapGet("/x", Handler)</c>): the
    /// framework invokes them through a delegate, and Instrumentation.AspNetCore records those requests from
    /// endpoint metadata, so they need neither interception nor a warning.
    /// </summary>
    internal static class AspNetRoutes
    {
        public static bool IsRouteHandlerArgument(SyntaxNode node, SemanticModel model, CancellationToken cancellationToken)
        {
            if (node.Parent is not ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax call } })
            {
                return false;
            }

            SymbolInfo info = model.GetSymbolInfo(call, cancellationToken);
            IMethodSymbol? map = info.Symbol as IMethodSymbol ?? (info.CandidateSymbols.Length > 0 ? info.CandidateSymbols[0] as IMethodSymbol : null);
            return map is not null
                && map.Name.StartsWith("Map", System.StringComparison.Ordinal)
                && map.ContainingNamespace?.ToDisplayString().StartsWith("Microsoft.AspNetCore", System.StringComparison.Ordinal) == true;
        }
    }
}
