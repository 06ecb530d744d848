using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;

namespace Instrumentation.Generators
{
    /// <summary>
    /// The attributes every generated class carries: <c>[GeneratedCode]</c> with the generator's real version
    /// (also how a probe method compiled into another assembly is recognised), and
    /// <c>[ExcludeFromCodeCoverage]</c>, so a user's coverage gate measures their code, not ours.
    /// </summary>
    internal static class GeneratedMarks
    {
        public const string Tool = "Instrumentation.Generators";

        public static readonly string Version = ReadVersion();

        public static readonly string GeneratedCode = $"[global::System.CodeDom.Compiler.GeneratedCode(\"{Tool}\", \"{Version}\")]";

        public const string ExcludeFromCodeCoverage = "[global::System.Diagnostics.CodeAnalysis.ExcludeFromCodeCoverage]";

        /// <summary>
        /// The marks for the body of a user's partial method: those its declaration does not already carry
        /// (both parts' attributes merge, and neither attribute may appear twice).
        /// </summary>
        public static EquatableArray<string> For(IMethodSymbol method)
        {
            var marks = new List<string>();
            foreach ((string type, string mark) in new[] { ("System.CodeDom.Compiler.GeneratedCodeAttribute", GeneratedCode), ("System.Diagnostics.CodeAnalysis.ExcludeFromCodeCoverageAttribute", ExcludeFromCodeCoverage) })
            {
                if (TrackAttributes.Get(method, type) is null)
                {
                    marks.Add(mark);
                }
            }

            return new EquatableArray<string>(marks);
        }

        /// <summary>The informational version without its source-revision suffix (<c>1.2.0+abc</c> → <c>1.2.0</c>).</summary>
        private static string ReadVersion()
        {
            string? version = typeof(GeneratedMarks).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
            if (string.IsNullOrEmpty(version))
            {
                return typeof(GeneratedMarks).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
            }

            int plus = version!.IndexOf('+');
            return plus < 0 ? version : version.Substring(0, plus);
        }
    }
}
