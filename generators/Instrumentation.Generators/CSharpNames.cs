using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Instrumentation.Generators
{
    /// <summary>How generated code spells identifiers, types and parameters.</summary>
    internal static class CSharpNames
    {
        /// <summary>Fully qualified, with nullable reference annotations kept so signatures match exactly.</summary>
        public static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
            .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

        public static string Escape(string name) =>
            SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

        public static string RefPrefix(RefKind refKind) => refKind switch
        {
            RefKind.Ref => "ref ",
            RefKind.Out => "out ",
            RefKind.In => "in ",
            RefKind.RefReadOnlyParameter => "ref readonly ",
            _ => string.Empty,
        };

        /// <summary>The parameter as a declaration: copied attributes, modifiers, type and name (no default value).</summary>
        public static string ParameterDeclaration(IParameterSymbol parameter)
        {
            bool extensionThis = parameter.Ordinal == 0 && parameter.ContainingSymbol is IMethodSymbol { IsExtensionMethod: true };
            // An out parameter is scoped without saying so; anything else scoped was written so by the user.
            string scoped = parameter.ScopedKind != ScopedKind.None && parameter.RefKind != RefKind.Out ? "scoped " : string.Empty;
            string prefix = CopiedAttributes.OfParameter(parameter) + (extensionThis ? "this " : string.Empty) + (parameter.IsParams ? "params " : string.Empty) + scoped + RefPrefix(parameter.RefKind);
            return $"{prefix}{parameter.Type.ToDisplayString(TypeFormat)} {Escape(parameter.Name)}";
        }

        /// <summary>
        /// A prefix for generated locals that no parameter or type parameter of the wrapped method starts with,
        /// so <c>__series</c> never clashes with a user's parameter of that name.
        /// </summary>
        public static string LocalPrefix(IMethodSymbol method)
        {
            string[] taken = method.Parameters.Select(p => p.Name)
                .Concat(CallShape.AllTypeParameters(method).Select(t => t.Name))
                .ToArray();
            string prefix = "__";
            while (taken.Any(name => name.StartsWith(prefix, System.StringComparison.Ordinal)))
            {
                prefix += "_";
            }

            return prefix;
        }

        /// <summary>Whether a type in the signature is a pointer or function pointer, which needs an <c>unsafe</c> context.</summary>
        public static bool NeedsUnsafe(ITypeSymbol type) => type switch
        {
            IPointerTypeSymbol or IFunctionPointerTypeSymbol => true,
            IArrayTypeSymbol array => NeedsUnsafe(array.ElementType),
            INamedTypeSymbol named => named.TypeArguments.Any(NeedsUnsafe),
            _ => false,
        };

        /// <summary>The parameter passed on as an argument: <c>ref x</c>, <c>out y</c>, <c>in z</c>.</summary>
        public static string Argument(IParameterSymbol parameter)
        {
            string prefix = parameter.RefKind switch
            {
                RefKind.Ref => "ref ",
                RefKind.Out => "out ",
                RefKind.In or RefKind.RefReadOnlyParameter => "in ",
                _ => string.Empty,
            };

            // A dynamic argument would make the forwarding call bind at run time, possibly to another overload.
            return parameter.Type.TypeKind == TypeKind.Dynamic && parameter.RefKind == RefKind.None
                ? $"(object{(parameter.NullableAnnotation == NullableAnnotation.Annotated ? "?" : string.Empty)}){Escape(parameter.Name)}"
                : prefix + Escape(parameter.Name);
        }
    }
}
