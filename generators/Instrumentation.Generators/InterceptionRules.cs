using System.Linq;
using Microsoft.CodeAnalysis;

namespace Instrumentation.Generators
{
    /// <summary>What a tracked method with a body must be for generated interceptors to wrap its calls.</summary>
    internal static class InterceptionRules
    {
        /// <summary>Why calls to <paramref name="method"/> cannot be intercepted, or null when they can.</summary>
        public static string? WhyNot(IMethodSymbol method)
        {
            if (method.ExplicitInterfaceImplementations.FirstOrDefault() is { } implemented)
            {
                return $"an explicit interface implementation, called only through '{implemented.ContainingType.Name}.{implemented.Name}': put the attribute on that interface member, which counts every call through the interface";
            }

            if (!method.ContainingType.CanBeReferencedByName)
            {
                return "a member of a C# 14 extension block, which an interceptor cannot name yet: declare it as a classic extension method ('static R M(this T t)') or call a probe method inside it";
            }

            for (INamedTypeSymbol? type = method.ContainingType; type is not null; type = type.ContainingType)
            {
                if (type.IsFileLocal)
                {
                    return $"declared in the file-local type '{type.Name}', which generated code in another file cannot name: make the type internal, or call a probe method inside it";
                }
            }

            if (method.IsStatic && (method.IsAbstract || method.IsVirtual) && method.ContainingType.TypeKind == TypeKind.Interface)
            {
                return "a static abstract or virtual interface member, called through a type parameter that an interceptor cannot name: call a probe method inside its implementations";
            }

            if (method.Parameters.Any(p => p.RefKind != RefKind.None && p.Type.TypeKind == TypeKind.Dynamic))
            {
                return "a method with a ref, out or in parameter of type dynamic, which would make the forwarded call bind at run time: use object, or call a probe method inside it";
            }

            if (method.IsVararg)
            {
                return "a method with __arglist, which an interceptor cannot pass on: call a probe method inside it";
            }

            if (method.DeclaredAccessibility is Accessibility.Private or Accessibility.Protected or Accessibility.ProtectedAndInternal)
            {
                return "private or protected, so generated code cannot call it: make it internal or public, or call a probe method inside it";
            }

            for (INamedTypeSymbol? type = method.ContainingType; type is not null; type = type.ContainingType)
            {
                if (type.DeclaredAccessibility is Accessibility.Private or Accessibility.Protected or Accessibility.ProtectedAndInternal)
                {
                    return $"declared in the {(type.DeclaredAccessibility == Accessibility.Private ? "private" : "protected")} type '{type.Name}', so generated code cannot call it: make '{type.Name}' internal, or call a probe method inside the method";
                }
            }

            if (CallShape.AllTypeParameters(method).GroupBy(t => t.Name).Any(g => g.Count() > 1))
            {
                return "generic with a type parameter named like one of its containing type's, which a generated method cannot declare twice: rename one of them";
            }


            if (CallShape.ShapeOf(method) == ReturnShape.Value && IsAwaitable(method.ReturnType))
            {
                return $"returning '{method.ReturnType.Name}', an awaitable other than Task, Task<T>, ValueTask or ValueTask<T> themselves, whose completion a generated method does not observe: declare the return type as one of those, or call a probe method inside it";
            }

            if (method.ReturnsByRef || method.ReturnsByRefReadonly)
            {
                return "ref-returning: call a probe method inside it";
            }

            return null;
        }

        /// <summary>A type with an instance <c>GetAwaiter()</c>, its own or inherited (a Task subclass); extension awaiters are not seen.</summary>
        private static bool IsAwaitable(ITypeSymbol type)
        {
            for (ITypeSymbol? current = type; current is not null; current = current.BaseType)
            {
                if (current.GetMembers("GetAwaiter").OfType<IMethodSymbol>().Any(m => !m.IsStatic && m.Parameters.Length == 0))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
