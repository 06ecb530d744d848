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
        /// Whether one word of <paramref name="name"/> is an amount word: <c>byteCount</c>, <c>input_tokens</c>,
        /// <c>sizeInBytes</c>, <c>HTTPSize</c> and <c>x2count</c> are; <c>accountId</c> and <c>discount</c> are not.
        /// Words end at underscores, between letters and digits, before a capital after a lower-case letter, and before
        /// the last capital of a run that a lower-case letter follows (<c>HTTP|Size</c>).
        /// </summary>
        public static bool Suggests(string name)
        {
            int start = 0;
            for (int i = 1; i <= name.Length; i++)
            {
                if (i < name.Length && !IsBoundary(name, i))
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

        private static bool IsBoundary(string name, int i)
        {
            char previous = name[i - 1], current = name[i];
            return current == '_'
                || char.IsDigit(current) != char.IsDigit(previous)
                || (char.IsUpper(current) && char.IsLower(previous))
                || (char.IsUpper(current) && char.IsUpper(previous) && i + 1 < name.Length && char.IsLower(name[i + 1]));
        }
    }
}
