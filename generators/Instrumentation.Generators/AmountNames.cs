using System;
using System.Collections.Generic;

namespace Instrumentation.Generators
{
    /// <summary>Whether a parameter's name suggests an amount to add up rather than a tag (INSTR026).</summary>
    internal static class AmountNames
    {
        private static readonly HashSet<string> s_words = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "count", "counts", "bytes", "byte", "tokens", "amount", "amounts", "size", "sizes",
        };

        /// <summary>
        /// Whether one word of <paramref name="name"/> (split at capitals, digits and underscores) is an amount word:
        /// <c>byteCount</c>, <c>input_tokens</c> and <c>sizeInBytes</c> are; <c>accountId</c> and <c>discount</c> are not.
        /// </summary>
        public static bool Suggests(string name)
        {
            int start = 0;
            for (int i = 1; i <= name.Length; i++)
            {
                bool boundary = i == name.Length || name[i] == '_' || char.IsDigit(name[i]) || (char.IsUpper(name[i]) && !char.IsUpper(name[i - 1]));
                if (!boundary)
                {
                    continue;
                }

                string word = name.Substring(start, i - start).Trim('_');
                if (s_words.Contains(word))
                {
                    return true;
                }

                start = i;
            }

            return false;
        }
    }
}
