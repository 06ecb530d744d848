using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace Instrumentation.Generators
{
    /// <summary>
    /// The simple names of tracked methods with bodies that calls may reach: those declared in this
    /// compilation and those in referenced assemblies that themselves reference Instrumentation
    /// (framework assemblies are skipped without looking inside).
    /// </summary>
    internal static class TrackedNames
    {
        private const string RuntimeAssembly = "Instrumentation";

        public static EquatableArray<string> InReferences(Compilation compilation, CancellationToken cancellationToken)
        {
            var names = new SortedSet<string>(System.StringComparer.Ordinal);
            foreach (MetadataReference reference in compilation.References)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (compilation.GetAssemblyOrModuleSymbol(reference) is IAssemblySymbol assembly
                    && assembly.Name != RuntimeAssembly
                    && assembly.Modules.Any(m => m.ReferencedAssemblies.Any(r => r.Name == RuntimeAssembly)))
                {
                    Collect(assembly.GlobalNamespace, names, cancellationToken);
                }
            }

            return new EquatableArray<string>(names);
        }

        public static EquatableArray<string> Merge(ImmutableArray<ProbeParseResult> tracked, EquatableArray<string> inReferences) =>
            new(tracked
                .Select(r => r.Implementation?.MethodName)
                .OfType<string>()
                .Concat(inReferences)
                .Distinct()
                .OrderBy(n => n, System.StringComparer.Ordinal));

        private static void Collect(INamespaceOrTypeSymbol container, SortedSet<string> names, CancellationToken cancellationToken)
        {
            foreach (ISymbol member in container.GetMembers())
            {
                cancellationToken.ThrowIfCancellationRequested();
                switch (member)
                {
                    case INamespaceOrTypeSymbol nested:
                        Collect(nested, names, cancellationToken);
                        break;
                    case IMethodSymbol method when TrackAttributes.Find(method) is { } track && TrackAttributes.InterceptsCalls(track.Kind):
                        names.Add(method.Name);
                        break;
                }
            }
        }
    }
}
