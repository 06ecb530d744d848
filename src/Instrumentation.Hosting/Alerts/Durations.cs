using System.Globalization;

namespace Instrumentation.Alerts;

/// <summary>Reads the durations rules use: <c>30s</c>, <c>5m</c>, <c>1h</c>, or a <see cref="TimeSpan"/> with colons such as <c>00:05:00</c>.</summary>
internal static class Durations
{
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        string trimmed = text?.Trim() ?? string.Empty;
        duration = TimeSpan.Zero;
        if (trimmed.Length >= 2 && long.TryParse(trimmed[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out long amount) && amount <= 1_000_000)
        {
            TimeSpan? unit = trimmed[^1] switch { 's' => TimeSpan.FromSeconds(1), 'm' => TimeSpan.FromMinutes(1), 'h' => TimeSpan.FromHours(1), _ => null };
            if (unit is { } u)
            {
                duration = u * amount;
                return true;
            }
        }

        // A bare number would be days to TimeSpan ("90" is 90 days): the TimeSpan form needs its colons.
        return trimmed.Contains(':', StringComparison.Ordinal) && TimeSpan.TryParse(trimmed, CultureInfo.InvariantCulture, out duration) && duration >= TimeSpan.Zero;
    }
}
