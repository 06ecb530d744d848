namespace Instrumentation.Alerts;

/// <summary>A parsed trend: <c>ratio &gt; 2</c> or <c>zscore &gt; 3</c>, compared over <see cref="Windows"/> baseline windows.</summary>
internal sealed record Trend(TrendMethod Method, Comparison Comparison, int Windows)
{
    /// <summary>
    /// A flat baseline still varies by this share of its mean for a z-score: histogram percentiles are bucketed, so a
    /// steady p95 often repeats exactly, and a standard deviation of 0 would make any change infinitely significant.
    /// </summary>
    public const double LeastDeviationShare = 0.01;

    /// <summary>Parses <c>ratio</c> or <c>zscore</c> followed by a comparison.</summary>
    public static bool TryParse(string? text, int windows, out Trend? trend)
    {
        trend = null;
        string trimmed = text?.Trim() ?? string.Empty;
        TrendMethod? method = trimmed.StartsWith("ratio", StringComparison.OrdinalIgnoreCase) ? TrendMethod.Ratio
            : trimmed.StartsWith("zscore", StringComparison.OrdinalIgnoreCase) ? TrendMethod.ZScore
            : null;
        if (method is null || !Comparison.TryParse(trimmed[(method == TrendMethod.Ratio ? "ratio" : "zscore").Length..], out Comparison? comparison))
        {
            return false;
        }

        trend = new Trend(method.Value, comparison!, windows);
        return true;
    }

    /// <summary>
    /// The score of <paramref name="value"/> against <paramref name="baseline"/> (the baseline windows' values that had
    /// one): their mean and the ratio or z-score; a null score when it cannot be told (fewer than two baseline values,
    /// a ratio to a zero mean, a z-score around zero).
    /// </summary>
    public (double? Mean, double? Score) Score(double? value, IReadOnlyList<double> baseline)
    {
        if (baseline.Count < 2)
        {
            return (null, null);
        }

        double mean = baseline.Average();
        if (value is not { } v)
        {
            return (mean, null);
        }

        if (Method == TrendMethod.Ratio)
        {
            return (mean, mean == 0 ? null : v / mean);
        }

        double deviation = Math.Sqrt(baseline.Sum(b => (b - mean) * (b - mean)) / baseline.Count);
        deviation = Math.Max(deviation, Math.Abs(mean) * LeastDeviationShare);
        return (mean, deviation == 0 ? null : (v - mean) / deviation);
    }

    public override string ToString() => $"{(Method == TrendMethod.Ratio ? "ratio" : "zscore")} {Comparison} over {Windows} windows";
}

/// <summary>How a trend compares a value with its baseline.</summary>
internal enum TrendMethod
{
    /// <summary>Value ÷ the baseline's mean.</summary>
    Ratio,

    /// <summary>(Value − mean) ÷ standard deviation.</summary>
    ZScore,
}
