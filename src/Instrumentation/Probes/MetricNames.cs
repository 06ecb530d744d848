namespace Instrumentation.Probes;

/// <summary>
/// The rules for metric and tag names: they start with a letter and continue with letters, digits,
/// '.', '_', '-' or '/', at most 255 characters for a metric and 63 for a tag.
/// </summary>
public static class MetricNames
{
    /// <summary>The longest metric name.</summary>
    public const int MaxMetricLength = ProbeLimits.MaxMetricNameLength;

    /// <summary>The longest tag name.</summary>
    public const int MaxTagLength = ProbeLimits.MaxTagNameLength;

    /// <summary>Whether <paramref name="name"/> is a valid metric name.</summary>
    public static bool IsValidMetricName(string? name) => IsValid(name, MaxMetricLength);

    /// <summary>Whether <paramref name="name"/> is a valid tag name.</summary>
    public static bool IsValidTagName(string? name) => IsValid(name, MaxTagLength);

    internal static void ThrowIfInvalidMetricName(string? name)
    {
        if (!IsValidMetricName(name))
        {
            throw new ArgumentException(
                $"'{name}' is not a valid metric name: start with a letter, then use letters, digits, '.', '_', '-' or '/', at most {MaxMetricLength} characters (for example 'orders.checkout').",
                nameof(name));
        }
    }

    internal static void ThrowIfInvalidTagName(string? name)
    {
        if (!IsValidTagName(name))
        {
            throw new ArgumentException(
                $"'{name}' is not a valid tag name: start with a letter, then use letters, digits, '.', '_', '-' or '/', at most {MaxTagLength} characters (for example 'client_id').",
                nameof(name));
        }
    }

    private static bool IsValid(string? name, int maxLength)
    {
        if (string.IsNullOrEmpty(name) || name.Length > maxLength || !char.IsAsciiLetter(name[0]))
        {
            return false;
        }

        foreach (char c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or '-' or '/'))
            {
                return false;
            }
        }

        return true;
    }
}
