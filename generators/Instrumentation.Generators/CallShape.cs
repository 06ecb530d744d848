using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Instrumentation.Generators
{
    /// <summary>Reads what an interceptor must reproduce of a method: identity, signature, result shape.</summary>
    internal static class CallShape
    {
        /// <summary>A stable key for the method's definition, equal at its declaration and at every call site.</summary>
        public static string KeyOf(IMethodSymbol method) =>
            (method.ReducedFrom ?? method).OriginalDefinition.GetDocumentationCommentId() ?? method.ToDisplayString();

        public static ReturnShape ShapeOf(IMethodSymbol method)
        {
            if (method.ReturnsVoid)
            {
                return ReturnShape.Void;
            }

            if (method.ReturnType is INamedTypeSymbol named && named.ContainingNamespace?.ToDisplayString() == "System.Threading.Tasks")
            {
                return (named.Name, named.TypeArguments.Length) switch
                {
                    ("Task", 0) => ReturnShape.Task,
                    ("Task", 1) => ReturnShape.TaskOfT,
                    ("ValueTask", 0) => ReturnShape.ValueTask,
                    ("ValueTask", 1) => ReturnShape.ValueTaskOfT,
                    _ => ReturnShape.Value,
                };
            }

            return ReturnShape.Value;
        }

        /// <summary>The value a call produces once complete: the awaited type of a task, else the return type.</summary>
        public static ITypeSymbol? ResultTypeOf(IMethodSymbol method) => ShapeOf(method) switch
        {
            ReturnShape.Void or ReturnShape.Task or ReturnShape.ValueTask => null,
            ReturnShape.TaskOfT or ReturnShape.ValueTaskOfT => ((INamedTypeSymbol)method.ReturnType).TypeArguments[0],
            _ => method.ReturnType,
        };

        /// <summary>How a cache lookup's result says hit: a bool, or a value that can be null.</summary>
        public static HitRule HitRuleOf(IMethodSymbol method) => ResultTypeOf(method) switch
        {
            null => HitRule.None,
            { SpecialType: SpecialType.System_Boolean } => HitRule.True,
            { IsReferenceType: true } => HitRule.NotNull,
            { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } => HitRule.NotNull,
            ITypeParameterSymbol => HitRule.None,
            _ => HitRule.None,
        };

        public static InterceptedMethodSpec Describe(IMethodSymbol method, ProbeShape probe)
        {
            IMethodSymbol definition = (method.ReducedFrom ?? method).OriginalDefinition;
            string containingType = definition.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
            string prefix = CSharpNames.LocalPrefix(definition);
            bool isUnsafe = CSharpNames.NeedsUnsafe(definition.ReturnType) || definition.Parameters.Any(p => CSharpNames.NeedsUnsafe(p.Type));
            List<ITypeParameterSymbol> typeParameters = AllTypeParameters(definition);
            return new InterceptedMethodSpec(
                probe,
                KeyOf(definition),
                CSharpNames.Escape(definition.Name),
                containingType,
                Receiver(definition, containingType, prefix),
                typeParameters.Count == 0 ? string.Empty : "<" + string.Join(", ", typeParameters.Select(t => CopiedAttributes.OfTypeParameter(t) + CSharpNames.Escape(t.Name))) + ">",
                definition.TypeParameters.Length == 0 ? string.Empty : "<" + string.Join(", ", definition.TypeParameters.Select(t => CSharpNames.Escape(t.Name))) + ">",
                string.Join(" ", typeParameters.Select(Constraint).Where(c => c.Length > 0)),
                definition.ReturnsVoid ? "void" : definition.ReturnType.ToDisplayString(CSharpNames.TypeFormat),
                ShapeOf(definition),
                HitRuleOf(definition),
                new EquatableArray<InterceptedParameter>(definition.Parameters.Select(p => new InterceptedParameter(CSharpNames.ParameterDeclaration(p), CSharpNames.Argument(p)))),
                new EquatableArray<string>(CopiedAttributes.OfMethod(definition).Concat(CopiedAttributes.OfReturn(definition))),
                CopiedAttributes.DoesNotReturnOn(definition),
                isUnsafe,
                prefix,
                definition.Parameters.Select(p => p.Name).Concat(typeParameters.Select(t => t.Name)).Any(InterceptorEmitter.IsNameTheBodyUses));
        }

        /// <summary>
        /// How the interceptor takes the instance: a class by value; a struct by reference (<c>ref this</c>), so
        /// the call's changes land in the caller's variable — the compiler copies exactly where the original call
        /// would (a readonly field, an rvalue, an <c>in</c> parameter) — or by <c>in</c> for a readonly member.
        /// </summary>
        private static string? Receiver(IMethodSymbol method, string containingType, string prefix) =>
            method.IsStatic ? null
            : !method.ContainingType.IsValueType ? $"this {containingType} {prefix}this"
            : method.IsReadOnly || method.ContainingType.IsReadOnly ? $"this in {containingType} {prefix}this"
            : $"this ref {containingType} {prefix}this";

        /// <summary>
        /// The type parameters an interceptor declares: its containing types' (outermost first), then the method's.
        /// The compiler substitutes a call's type arguments in that order, so one generic interceptor serves a
        /// member of a generic type whether the call names it open (<c>Box&lt;T&gt;</c>) or closed (<c>Box&lt;int&gt;</c>).
        /// </summary>
        public static List<ITypeParameterSymbol> AllTypeParameters(IMethodSymbol method)
        {
            var containing = new List<ITypeParameterSymbol>();
            for (INamedTypeSymbol? type = method.ContainingType; type is not null; type = type.ContainingType)
            {
                containing.InsertRange(0, type.TypeParameters);
            }

            containing.AddRange(method.TypeParameters);
            return containing;
        }

        private static string Constraint(ITypeParameterSymbol parameter)
        {
            var parts = new List<string>();
            if (parameter.HasReferenceTypeConstraint)
            {
                parts.Add(parameter.ReferenceTypeConstraintNullableAnnotation == NullableAnnotation.Annotated ? "class?" : "class");
            }
            else if (parameter.HasUnmanagedTypeConstraint)
            {
                parts.Add("unmanaged");
            }
            else if (parameter.HasValueTypeConstraint)
            {
                parts.Add("struct");
            }
            else if (parameter.HasNotNullConstraint)
            {
                parts.Add("notnull");
            }

            parts.AddRange(parameter.ConstraintTypes.Select(t => t.ToDisplayString(CSharpNames.TypeFormat)));
            if (parameter.HasConstructorConstraint && !parameter.HasValueTypeConstraint)
            {
                parts.Add("new()");
            }

            if (parameter.AllowsRefLikeType)
            {
                parts.Add("allows ref struct");
            }

            return parts.Count == 0 ? string.Empty : $"where {CSharpNames.Escape(parameter.Name)} : {string.Join(", ", parts)}";
        }
    }
}
