using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace Instrumentation.Generators
{
    /// <summary>
    /// A place that may call or reference a tracked method, read from syntax alone: the simple name and
    /// where it is. Reading it binds nothing, so re-reading every file on every edit stays cheap; only
    /// candidates whose name is a tracked method's are bound later.
    /// </summary>
    /// <param name="Name">The simple name called or referenced.</param>
    /// <param name="FilePath">The file.</param>
    /// <param name="Span">The invocation, or the method-group expression.</param>
    /// <param name="IsInvocation">An invocation (to intercept) rather than a method group (to report).</param>
    internal sealed record CallCandidate(string Name, string FilePath, TextSpan Span, bool IsInvocation)
    {
        public static bool IsCandidate(SyntaxNode node, CancellationToken cancellationToken) => node switch
        {
            InvocationExpressionSyntax invocation => invocation.Expression is not MemberAccessExpressionSyntax { Expression: BaseExpressionSyntax },
            IdentifierNameSyntax or MemberAccessExpressionSyntax or GenericNameSyntax => IsWhereADelegateIsMade(node),
            _ => false,
        };

        /// <summary>Positions where a method group becomes a delegate: arguments, initialisers, returns, casts, branches, collections.</summary>
        private static bool IsWhereADelegateIsMade(SyntaxNode node) => node.Parent switch
        {
            ArgumentSyntax or EqualsValueClauseSyntax or ReturnStatementSyntax or ArrowExpressionClauseSyntax
                or CastExpressionSyntax or ExpressionElementSyntax or InitializerExpressionSyntax or SwitchExpressionArmSyntax => true,
            AssignmentExpressionSyntax assignment => assignment.Right == node,
            ConditionalExpressionSyntax conditional => conditional.Condition != node,
            LambdaExpressionSyntax lambda => lambda.Body == node,
            BinaryExpressionSyntax binary => binary.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.CoalesceExpression),
            PrefixUnaryExpressionSyntax unary => unary.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.AddressOfExpression),
            _ => false,
        };

        public static CallCandidate? Read(GeneratorSyntaxContext context, CancellationToken cancellationToken)
        {
            SyntaxNode node = context.Node;
            string? name = node is InvocationExpressionSyntax invocation ? SimpleName(invocation.Expression) : SimpleName(node);
            return name is null ? null : new CallCandidate(name, node.SyntaxTree.FilePath, node.Span, node is InvocationExpressionSyntax);
        }

        private static string? SimpleName(SyntaxNode expression) => expression switch
        {
            SimpleNameSyntax simple => simple.Identifier.ValueText,
            MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
            MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
            _ => null,
        };
    }
}
