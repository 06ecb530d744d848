using System;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Instrumentation.Generators
{
    /// <summary>A diagnostic as plain data (descriptor, location, message arguments), equatable for the pipeline.</summary>
    internal sealed record DiagnosticInfo(DiagnosticDescriptor Descriptor, LocationInfo? Location, EquatableArray<string> Arguments)
    {
        public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, Location? location, params string[] arguments) =>
            new(descriptor, LocationInfo.From(location), new EquatableArray<string>(arguments));

        /// <summary>
        /// The diagnostic located in <paramref name="compilation"/>'s own syntax tree, so that the user's
        /// <c>#pragma warning disable</c> applies (a location made from a path alone bypasses pragmas).
        /// </summary>
        public Diagnostic ToDiagnostic(Compilation compilation)
        {
            SyntaxTree? tree = Location is null ? null : compilation.SyntaxTrees.FirstOrDefault(t => t.FilePath == Location.FilePath);
            Location? location = tree is null ? Location?.ToLocation() : Microsoft.CodeAnalysis.Location.Create(tree, Location!.Span);
            return Diagnostic.Create(Descriptor, location, Arguments.Cast<object>().ToArray());
        }
    }
}
