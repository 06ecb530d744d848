namespace Instrumentation.Generators
{
    /// <summary>The runtime's naming rules (Instrumentation.Probes.MetricNames), checked at compile time.</summary>
    internal static class MetricNameRules
    {
        public static bool IsValidMetricName(string? name) => IsValid(name, Instrumentation.Probes.ProbeLimits.MaxMetricNameLength);

        public static bool IsValidTagName(string? name) => IsValid(name, Instrumentation.Probes.ProbeLimits.MaxTagNameLength);

        private static bool IsValid(string? name, int maxLength)
        {
            if (string.IsNullOrEmpty(name) || name!.Length > maxLength || !IsAsciiLetter(name[0]))
            {
                return false;
            }

            foreach (char c in name)
            {
                if (!IsAsciiLetter(c) && !(c >= '0' && c <= '9') && c != '.' && c != '_' && c != '-' && c != '/')
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsAsciiLetter(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
