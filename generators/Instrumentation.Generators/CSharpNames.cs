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

        /// <summary>The parameter as a declaration: modifiers, type and name (no default value).</summary>
        public static string ParameterDeclaration(IParameterSymbol parameter)
        {
            bool extensionThis = parameter.Ordinal == 0 && parameter.ContainingSymbol is IMethodSymbol { IsExtensionMethod: true };
            string prefix = (extensionThis ? "this " : string.Empty) + (parameter.IsParams ? "params " : string.Empty) + RefPrefix(parameter.RefKind);
            return $"{prefix}{parameter.Type.ToDisplayString(TypeFormat)} {Escape(parameter.Name)}";
        }

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
            return prefix + Escape(parameter.Name);
        }
    }
}
