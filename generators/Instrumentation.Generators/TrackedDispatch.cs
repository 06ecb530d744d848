using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Instrumentation.Generators
{
    /// <summary>
    /// Which tracked member a call reaches through dispatch. An attribute on a virtual, abstract or interface
    /// member covers its slot: a call bound to an override or an implementation of it (through a variable of
    /// the derived or implementing type) dispatches through that slot too, so it is counted by that attribute.
    /// </summary>
    internal static class TrackedDispatch
    {
        /// <summary>
        /// The member whose Track attribute covers a call bound to <paramref name="invoked"/>: the method itself,
        /// else the nearest overridden method, else an interface member it implements; null when none is tracked.
        /// </summary>
        public static (IMethodSymbol Member, AttributeData Attribute, TrackKind Kind)? Find(IMethodSymbol invoked)
        {
            IMethodSymbol definition = (invoked.ReducedFrom ?? invoked).OriginalDefinition;
            foreach (IMethodSymbol member in new[] { definition }.Concat(Overridden(definition)).Concat(Implemented(definition)))
            {
                if (TrackAttributes.Find(member.OriginalDefinition) is { } track)
                {
                    return (member.OriginalDefinition, track.Attribute, track.Kind);
                }
            }

            return null;
        }

        /// <summary>The member a call through a base type or interface would name instead of <paramref name="method"/>, if any.</summary>
        public static IMethodSymbol? BaseMember(IMethodSymbol method) =>
            method.OverriddenMethod ?? Implemented(method).FirstOrDefault();

        private static IEnumerable<IMethodSymbol> Overridden(IMethodSymbol method)
        {
            for (IMethodSymbol? current = method.OverriddenMethod; current is not null; current = current.OverriddenMethod)
            {
                yield return current;
            }
        }

        /// <summary>The interface members <paramref name="method"/> implements, explicitly or implicitly.</summary>
        public static IEnumerable<IMethodSymbol> Implemented(IMethodSymbol method)
        {
            if (method.IsStatic || method.ContainingType is not { } type)
            {
                return Enumerable.Empty<IMethodSymbol>();
            }

            return method.ExplicitInterfaceImplementations.Concat(
                type.AllInterfaces
                    .SelectMany(i => i.GetMembers(method.Name).OfType<IMethodSymbol>())
                    .Where(m => SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(m)?.OriginalDefinition, method.OriginalDefinition)));
        }
    }
}
