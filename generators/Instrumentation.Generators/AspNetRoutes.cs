using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Instrumentation.Generators
{
    /// <summary>
    /// Minimal API route handlers: a <c>[TrackEndpoint]</c> method or lambda passed as the <c>Delegate</c> of
    /// ASP.NET Core's <c>EndpointRouteBuilderExtensions.Map...</c> (<c>app.MapGet("/x", Handler)</c>). The framework
    /// invokes it through that delegate and Instrumentation.AspNetCore records the request from the endpoint's
    /// metadata, so it needs neither interception nor a warning. Anything else passed to a <c>Map...</c> method
    /// (a <c>MapWhen</c> predicate, a third party's callback, a <c>[TrackEvent]</c> handler) is an ordinary delegate.
    /// </summary>
    internal static class AspNetRoutes
    {
        private const string Extensions = "Microsoft.AspNetCore.Builder.EndpointRouteBuilderExtensions";

        public static bool IsRouteHandlerArgument(SyntaxNode node, TrackKind kind, SemanticModel model, CancellationToken cancellationToken) =>
            kind == TrackKind.Endpoint
            && node.Parent is ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax call } } argument
            && model.GetOperation(call, cancellationToken) is IInvocationOperation invocation
            && invocation.TargetMethod.ContainingType?.ToDisplayString() == Extensions
            && invocation.Arguments.FirstOrDefault(a => a.Syntax == argument)?.Parameter?.Type.ToDisplayString() == "System.Delegate";
    }
}
