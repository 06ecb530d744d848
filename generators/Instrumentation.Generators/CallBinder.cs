using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Instrumentation.Generators
{
    /// <summary>
    /// Binds the candidates whose name is a tracked method's, one semantic model per file: calls become
    /// call sites to intercept; calls that cannot be wrapped without changing what they mean, and method
    /// groups, become a warning that they are not counted.
    /// </summary>
    internal static class CallBinder
    {
        public static BoundCalls Bind(Compilation compilation, IEnumerable<CallCandidate> candidates, CancellationToken cancellationToken)
        {
            var callSites = new List<CallSiteSpec>();
            var described = new Dictionary<(IMethodSymbol, IMethodSymbol), (InterceptedMethodSpec, string)?>(new SymbolPairComparer());
            var notCounted = new List<DiagnosticInfo>();
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
                        if (node.FirstAncestorOrSelf<InvocationExpressionSyntax>() is { } invocation && invocation.Span == candidate.Span)
                        {
                            BindCall(model, invocation, callSites, notCounted, described, cancellationToken);
                        }
                    }
                    else if (!IsInNameOf(node)
                        && MethodGroupTarget(model.GetSymbolInfo(node, cancellationToken)) is { MethodKind: MethodKind.Ordinary or MethodKind.ReducedExtension } method
                        && CountedByCalls(method) is { } tracked)
                    {
                        if (AspNetRoutes.IsRouteHandlerArgument(node, tracked.Kind, model, cancellationToken))
                        {
                            handlers.Add(CallShape.KeyOf(tracked.Member));
                        }
                        else
                        {
                            notCounted.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MethodGroupNotCounted, node.GetLocation(), method.Name, TrackAttributes.Name(tracked.Kind)));
                        }
                    }
                }
            }

            return new BoundCalls(new EquatableArray<CallSiteSpec>(callSites), new EquatableArray<DiagnosticInfo>(notCounted), new EquatableArray<string>(handlers));
        }

        private static void BindCall(
            SemanticModel model,
            InvocationExpressionSyntax invocation,
            List<CallSiteSpec> callSites,
            List<DiagnosticInfo> notCounted,
            Dictionary<(IMethodSymbol, IMethodSymbol), (InterceptedMethodSpec, string)?> described,
            CancellationToken cancellationToken)
        {
            SymbolInfo info = model.GetSymbolInfo(invocation, cancellationToken);
            if (info.CandidateReason == CandidateReason.LateBound)
            {
                // A call with dynamic arguments binds at run time: say so when it may reach a tracked method.
                if (info.CandidateSymbols.Concat(new[] { info.Symbol }).OfType<IMethodSymbol>().Select(CountedByCalls).FirstOrDefault(t => t is not null) is { } late)
                {
                    notCounted.Add(NotCounted(invocation, late.Member, late.Kind, "its arguments are dynamic, so the method is chosen at run time: cast the arguments to their types"));
                }

                return;
            }

            if (info.Symbol is not IMethodSymbol invoked || CountedByCalls(invoked) is not { } tracked)
            {
                return;
            }

            IMethodSymbol definition = (invoked.ReducedFrom ?? invoked).OriginalDefinition;
            string? refused = InterceptionRules.WhyNot(definition);
            if (refused is not null && SymbolEqualityComparer.Default.Equals(definition, tracked.Member))
            {
                return; // INSTR014 at the declaration said so already.
            }

            if (WhyNotHere(model, invocation, invoked, cancellationToken) is { } reason)
            {
                notCounted.Add(NotCounted(invocation, definition, tracked.Kind, reason));
                return;
            }

            if (refused is not null)
            {
                // A call that reaches a tracked base or interface member through a method that cannot be intercepted.
                notCounted.Add(NotCounted(invocation, definition, tracked.Kind, $"'{definition.ContainingType.Name}.{definition.Name}' is {refused}"));
                return;
            }

            if (tracked.Kind == TrackKind.CacheLookup && CallShape.HitRuleOf(definition) == HitRule.None)
            {
                return;
            }

            if (!described.TryGetValue((definition, tracked.Member), out (InterceptedMethodSpec Method, string TrackedKey)? spec))
            {
                spec = Describe(definition, tracked);
                described[(definition, tracked.Member)] = spec;
            }

            InterceptableLocation? location = model.GetInterceptableLocation(invocation, cancellationToken);
            if (spec is { } interceptor && location is not null)
            {
                callSites.Add(new CallSiteSpec(
                    interceptor.Method,
                    interceptor.TrackedKey,
                    location.Version,
                    location.Data,
                    DisplayWithoutFolders(location.GetDisplayLocation(), invocation.SyntaxTree.FilePath),
                    invocation.SyntaxTree.FilePath,
                    LocationInfo.From(invocation.GetLocation())));
            }
        }

        /// <summary>What an interceptor of <paramref name="definition"/> needs, read once per method; null when its probe is invalid (its declaration reported why).</summary>
        private static (InterceptedMethodSpec, string)? Describe(IMethodSymbol definition, (IMethodSymbol Member, AttributeData Attribute, TrackKind Kind) tracked)
        {
            var tags = new List<TagSpec>();
            foreach (IParameterSymbol parameter in tracked.Member.Parameters.Where(p => TrackedMethodParser.HasTag(p)))
            {
                if (TrackedMethodParser.ReadTag(parameter, tracked.Member, diagnostics: null) is { } tag)
                {
                    // The call passes the invoked method's parameter at the same position (an override may rename it).
                    tags.Add(tag with { Parameter = CSharpNames.Escape(definition.Parameters[parameter.Ordinal].Name) });
                }
            }

            ProbeShape probe = TrackedMethodParser.ReadShape(tracked.Member, tracked.Kind, tracked.Attribute, tags, TrackAttributes.IsTimed(tracked.Kind, tracked.Attribute));
            return TrackedMethodParser.IsValid(probe, tracked.Member, tracked.Attribute)
                ? (CallShape.Describe(definition, probe), CallShape.KeyOf(tracked.Member))
                : null;
        }

        /// <summary>Why this call, though its method can be intercepted, cannot be wrapped here without changing what it means.</summary>
        private static string? WhyNotHere(SemanticModel model, InvocationExpressionSyntax invocation, IMethodSymbol invoked, CancellationToken cancellationToken)
        {
            if (IsInExpressionTree(model, invocation, cancellationToken))
            {
                return "it is inside an expression tree, which is translated (for example to SQL) or compiled rather than called here";
            }

            // A struct's own method takes its receiver by reference; a call through an interface or a type
            // parameter would need the receiver converted, which boxes a struct. Only a member that can be
            // reached from a struct (interface, virtual) needs the receiver's type, so only those are bound for it.
            if (!invoked.IsStatic && invoked.ReducedFrom is null && !invoked.ContainingType.IsValueType
                && (invoked.ContainingType.TypeKind == TypeKind.Interface || invoked.IsVirtual || invoked.IsAbstract || invoked.IsOverride)
                && model.GetOperation(invocation, cancellationToken) is IInvocationOperation { Instance.Type: { } receiver }
                && (receiver.IsValueType || (receiver.TypeKind == TypeKind.TypeParameter && !receiver.IsReferenceType)))
            {
                return $"its receiver is of type '{receiver.ToDisplayString()}', which a generated method would have to box, losing any change the call makes to a struct: call a probe method inside the method instead";
            }

            return null;
        }

        /// <summary>A lambda converted to an expression tree, or a query clause over <c>IQueryable</c>, encloses the call.</summary>
        private static bool IsInExpressionTree(SemanticModel model, SyntaxNode node, CancellationToken cancellationToken)
        {
            foreach (SyntaxNode ancestor in node.Ancestors())
            {
                ITypeSymbol? converted = ancestor switch
                {
                    AnonymousFunctionExpressionSyntax lambda => model.GetTypeInfo(lambda, cancellationToken).ConvertedType,
                    QueryClauseSyntax clause => (model.GetQueryClauseInfo(clause, cancellationToken).OperationInfo.Symbol as IMethodSymbol)?.Parameters.LastOrDefault()?.Type,
                    SelectOrGroupClauseSyntax => (model.GetSymbolInfo(ancestor, cancellationToken).Symbol as IMethodSymbol)?.Parameters.LastOrDefault()?.Type,
                    MemberDeclarationSyntax => null,
                    _ => null,
                };
                if (IsExpressionType(converted))
                {
                    return true;
                }

                if (ancestor is MemberDeclarationSyntax)
                {
                    return false;
                }
            }

            return false;
        }

        private static bool IsExpressionType(ITypeSymbol? type)
        {
            for (ITypeSymbol? current = type; current is not null; current = current.BaseType)
            {
                if (current.ContainingNamespace?.ToDisplayString() == "System.Linq.Expressions" && current.Name is "Expression" or "LambdaExpression")
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The tracked member a call of <paramref name="method"/> is counted by, unless its calls count by themselves (probe methods, gauges).</summary>
        private static (IMethodSymbol Member, AttributeData Attribute, TrackKind Kind)? CountedByCalls(IMethodSymbol method)
        {
            IMethodSymbol definition = (method.ReducedFrom ?? method).OriginalDefinition;
            if (definition.IsPartialDefinition || definition.PartialDefinitionPart is not null || IsGeneratedProbeMethod(definition))
            {
                return null;
            }

            return TrackedDispatch.Find(definition) is { } tracked
                && TrackAttributes.InterceptsCalls(tracked.Kind)
                && !tracked.Member.IsPartialDefinition
                && tracked.Member.PartialDefinitionPart is null
                && !IsGeneratedProbeMethod(tracked.Member)
                ? tracked
                : null;
        }

        private static DiagnosticInfo NotCounted(InvocationExpressionSyntax invocation, IMethodSymbol method, TrackKind kind, string reason) =>
            DiagnosticInfo.Create(DiagnosticDescriptors.CallNotCounted, invocation.GetLocation(), method.Name, TrackAttributes.Name(kind), reason);

        /// <summary><c>Caller.cs(12,9)</c> rather than the full path: readable, and the same on every machine.</summary>
        private static string DisplayWithoutFolders(string display, string filePath) =>
            filePath.Length > 0 && display.StartsWith(filePath, System.StringComparison.Ordinal)
                ? System.IO.Path.GetFileName(filePath) + display.Substring(filePath.Length)
                : display;

        /// <summary>The method a method group names; a group passed as a plain <c>Delegate</c> may bind only as a candidate.</summary>
        private static IMethodSymbol? MethodGroupTarget(SymbolInfo info) =>
            info.Symbol as IMethodSymbol ?? (info.CandidateSymbols.Length == 1 ? info.CandidateSymbols[0] as IMethodSymbol : null);

        /// <summary><c>nameof(o.M)</c> names a method without making a delegate.</summary>
        private static bool IsInNameOf(SyntaxNode node) =>
            node.Ancestors().OfType<InvocationExpressionSyntax>().Any(i => i.Expression is IdentifierNameSyntax { Identifier.ValueText: "nameof" });

        /// <summary>
        /// A probe method from another assembly: its body, which our generator wrote, already counts.
        /// In metadata it is an ordinary method, so it is recognised by the generator's mark on it.
        /// </summary>
        private static bool IsGeneratedProbeMethod(IMethodSymbol method) =>
            TrackAttributes.Get(method, "System.CodeDom.Compiler.GeneratedCodeAttribute")?.ConstructorArguments.FirstOrDefault().Value as string == GeneratedMarks.Tool;
    }

    /// <summary>Compares (method, tracked member) pairs by symbol identity.</summary>
    file sealed class SymbolPairComparer : IEqualityComparer<(IMethodSymbol, IMethodSymbol)>
    {
        public bool Equals((IMethodSymbol, IMethodSymbol) x, (IMethodSymbol, IMethodSymbol) y) =>
            SymbolEqualityComparer.Default.Equals(x.Item1, y.Item1) && SymbolEqualityComparer.Default.Equals(x.Item2, y.Item2);

        public int GetHashCode((IMethodSymbol, IMethodSymbol) pair) =>
            (SymbolEqualityComparer.Default.GetHashCode(pair.Item1) * 31) + SymbolEqualityComparer.Default.GetHashCode(pair.Item2);
    }

    /// <summary>What binding the candidates found: call sites to intercept, calls and method groups not counted, and methods mapped as ASP.NET Core handlers.</summary>
    internal sealed record BoundCalls(EquatableArray<CallSiteSpec> CallSites, EquatableArray<DiagnosticInfo> NotCounted, EquatableArray<string> AspNetHandlers);
}
