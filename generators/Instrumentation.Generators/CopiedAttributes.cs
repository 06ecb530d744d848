using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Instrumentation.Generators
{
    /// <summary>
    /// The attributes an interceptor copies from the method it wraps, so the compiler and analyzers read
    /// the same contract in both: nullable flow, obsolescence, experiments and trimming/AOT requirements.
    /// A warning such an attribute causes belongs at the user's call site, never inside generated code.
    /// </summary>
    internal static class CopiedAttributes
    {
        private const string CodeAnalysis = "System.Diagnostics.CodeAnalysis.";
        private const string Obsolete = "System.ObsoleteAttribute";
        private const string Experimental = CodeAnalysis + "ExperimentalAttribute";
        private const string DoesNotReturn = CodeAnalysis + "DoesNotReturnAttribute";

        private static readonly HashSet<string> s_onMethod = new(System.StringComparer.Ordinal)
        {
            Obsolete,
            Experimental,
            CodeAnalysis + "RequiresUnreferencedCodeAttribute",
            CodeAnalysis + "RequiresDynamicCodeAttribute",
            CodeAnalysis + "RequiresAssemblyFilesAttribute",
            DoesNotReturn,
        };

        private static readonly HashSet<string> s_onParameter = new(System.StringComparer.Ordinal)
        {
            CodeAnalysis + "AllowNullAttribute",
            CodeAnalysis + "DisallowNullAttribute",
            CodeAnalysis + "MaybeNullAttribute",
            CodeAnalysis + "NotNullAttribute",
            CodeAnalysis + "MaybeNullWhenAttribute",
            CodeAnalysis + "NotNullWhenAttribute",
            CodeAnalysis + "NotNullIfNotNullAttribute",
            CodeAnalysis + "DoesNotReturnIfAttribute",
            CodeAnalysis + "DynamicallyAccessedMembersAttribute",
            CodeAnalysis + "UnscopedRefAttribute",
        };

        private static readonly HashSet<string> s_onReturn = new(System.StringComparer.Ordinal)
        {
            CodeAnalysis + "MaybeNullAttribute",
            CodeAnalysis + "NotNullAttribute",
            CodeAnalysis + "NotNullIfNotNullAttribute",
            CodeAnalysis + "DynamicallyAccessedMembersAttribute",
        };

        /// <summary>
        /// The method's own attributes to copy, one <c>[...]</c> each; and, where the method's signature or its
        /// type names an obsolete or experimental type, the same mark on the interceptor, inside which the
        /// compiler then reports nothing (the user's own code already carries that warning, or suppresses it).
        /// </summary>
        public static EquatableArray<string> OfMethod(IMethodSymbol method)
        {
            var attributes = Render(method.GetAttributes(), s_onMethod, target: null).ToList();
            List<INamedTypeSymbol> used = TypesNamedBy(method);
            if (TrackAttributes.Get(method, Obsolete) is null && used.Any(t => TrackAttributes.Get(t, Obsolete) is not null))
            {
                attributes.Add("[global::System.Obsolete(\"Wraps a method whose signature names an obsolete type.\")]");
            }

            if (TrackAttributes.Get(method, Experimental) is null
                && used.Select(t => TrackAttributes.Get(t, Experimental)).FirstOrDefault(a => a is not null) is { } experimental)
            {
                attributes.Add(Render(experimental, target: null));
            }

            return new EquatableArray<string>(attributes);
        }

        /// <summary>Whether the method carries <c>[DoesNotReturn]</c>, which nullable analysis cannot follow through a wrapper's <c>try</c>/<c>finally</c>.</summary>
        public static bool DoesNotReturnOn(IMethodSymbol method) => TrackAttributes.Get(method, DoesNotReturn) is not null;

        /// <summary>The return value's attributes to copy, as <c>[return: ...]</c>.</summary>
        public static EquatableArray<string> OfReturn(IMethodSymbol method) => Render(method.GetReturnTypeAttributes(), s_onReturn, target: "return");

        /// <summary>A parameter's attributes to copy, written before its declaration (with a trailing space), or empty.</summary>
        public static string OfParameter(IParameterSymbol parameter) => Inline(parameter.GetAttributes(), s_onParameter);

        /// <summary>A type parameter's attributes to copy (trimming annotations), or empty.</summary>
        public static string OfTypeParameter(ITypeParameterSymbol parameter) => Inline(parameter.GetAttributes(), s_onParameter);

        /// <summary>Every named type the interceptor's signature mentions: containing types, return, parameters, constraints, type arguments.</summary>
        private static List<INamedTypeSymbol> TypesNamedBy(IMethodSymbol method)
        {
            var found = new List<INamedTypeSymbol>();
            for (INamedTypeSymbol? type = method.ContainingType; type is not null; type = type.ContainingType)
            {
                found.Add(type);
            }

            IEnumerable<ITypeSymbol> roots = new[] { method.ReturnType }
                .Concat(method.Parameters.Select(p => p.Type))
                .Concat(CallShape.AllTypeParameters(method).SelectMany(t => t.ConstraintTypes));
            foreach (ITypeSymbol root in roots)
            {
                Collect(root, found);
            }

            return found;
        }

        private static void Collect(ITypeSymbol type, List<INamedTypeSymbol> found)
        {
            switch (type)
            {
                case INamedTypeSymbol named:
                    found.Add(named);
                    foreach (ITypeSymbol argument in named.TypeArguments)
                    {
                        Collect(argument, found);
                    }

                    for (INamedTypeSymbol? outer = named.ContainingType; outer is not null; outer = outer.ContainingType)
                    {
                        found.Add(outer);
                    }

                    break;
                case IArrayTypeSymbol array:
                    Collect(array.ElementType, found);
                    break;
                case IPointerTypeSymbol pointer:
                    Collect(pointer.PointedAtType, found);
                    break;
            }
        }

        private static string Inline(ImmutableArray<AttributeData> attributes, HashSet<string> copied) =>
            string.Concat(Render(attributes, copied, target: null).Select(a => a + " "));

        private static EquatableArray<string> Render(ImmutableArray<AttributeData> attributes, HashSet<string> copied, string? target) =>
            new(attributes
                .Where(a => a.AttributeClass is { } type && copied.Contains(type.ToDisplayString()))
                .Select(a => Render(a, target)));

        private static string Render(AttributeData attribute, string? target)
        {
            IEnumerable<string> arguments = attribute.ConstructorArguments.Select(Literal)
                .Concat(attribute.NamedArguments.Select(n => $"{n.Key} = {Literal(n.Value)}"));
            string type = attribute.AttributeClass!.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
            return $"[{(target is null ? string.Empty : target + ": ")}{type}({string.Join(", ", arguments)})]";
        }

        private static string Literal(TypedConstant constant) => constant.Kind switch
        {
            _ when constant.IsNull => "null",
            TypedConstantKind.Array => $"new {constant.Type!.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)} {{ {string.Join(", ", constant.Values.Select(Literal))} }}",
            TypedConstantKind.Type => $"typeof({((ITypeSymbol)constant.Value!).ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)})",
            TypedConstantKind.Enum => $"({constant.Type!.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)})({System.Convert.ToString(constant.Value, CultureInfo.InvariantCulture)})",
            _ => SymbolDisplay.FormatPrimitive(constant.Value!, quoteStrings: true, useHexadecimalNumbers: false),
        };
    }
}
