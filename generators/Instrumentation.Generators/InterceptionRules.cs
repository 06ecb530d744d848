using Microsoft.CodeAnalysis;

namespace Instrumentation.Generators
{
    /// <summary>What a tracked method with a body must be for generated interceptors to wrap its calls.</summary>
    internal static class InterceptionRules
    {
        /// <summary>Why calls to <paramref name="method"/> cannot be intercepted, or null when they can.</summary>
        public static string? WhyNot(IMethodSymbol method)
        {
            for (ISymbol? symbol = method; symbol is not null and not INamespaceSymbol; symbol = symbol.ContainingSymbol)
            {
                if (symbol.DeclaredAccessibility is Accessibility.Private or Accessibility.Protected or Accessibility.ProtectedAndInternal)
                {
                    return "private or protected, so generated code cannot call it: make it internal or public, or call a probe method inside it";
                }
            }

            if (method.ContainingType is { IsGenericType: true })
            {
                return "a member of a generic type, which interceptors cannot name: call a probe method inside it";
            }

            if (!method.IsStatic && method.ContainingType is { IsValueType: true })
            {
                return "an instance method of a struct, whose receiver a generated method cannot take by reference here: call a probe method inside it";
            }

            if (method.ReturnsByRef || method.ReturnsByRefReadonly)
            {
                return "ref-returning: call a probe method inside it";
            }

            return null;
        }
    }
}
