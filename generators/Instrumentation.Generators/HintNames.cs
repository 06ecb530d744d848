using System.Globalization;
using System.Text;

namespace Instrumentation.Generators
{
    /// <summary>
    /// The names of generated files, which must differ ignoring case and be the same on every run: a readable
    /// part (letters, digits, dots; anything else becomes '_') and, where needed, a stable hash.
    /// </summary>
    internal static class HintNames
    {
        /// <summary>The interceptors of one calling file: its name, and a hash of its path for files of the same name.</summary>
        public static string ForCallingFile(string filePath) =>
            $"{Readable(System.IO.Path.GetFileNameWithoutExtension(filePath), keepDots: false)}.{StableHash(filePath)}.Interceptors.g.cs";

        /// <summary>The readable part of a probe file's name, from its containing type's key.</summary>
        public static string ReadableTypeName(string typeKey) => Readable(typeKey.Replace("global::", string.Empty), keepDots: true);

        /// <summary>FNV-1a: the same on every machine and every run, unlike <c>string.GetHashCode</c>.</summary>
        public static string StableHash(string text)
        {
            uint hash = 2166136261;
            foreach (char c in text)
            {
                hash = unchecked((hash ^ c) * 16777619);
            }

            return hash.ToString("x8", CultureInfo.InvariantCulture);
        }

        private static string Readable(string text, bool keepDots)
        {
            var name = new StringBuilder(text.Length);
            foreach (char c in text)
            {
                name.Append(char.IsLetterOrDigit(c) || (keepDots && c == '.') ? c : '_');
            }

            return name.ToString();
        }
    }
}
