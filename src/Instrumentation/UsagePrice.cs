namespace Instrumentation;

/// <summary>
/// What one model charges, in currency units per million tokens (as providers list their prices). Bound from
/// <c>Instrumentation:Usage:Prices:&lt;model&gt;</c>; usage recorded without a cost is priced with it.
/// </summary>
public sealed class UsagePrice
{
    /// <summary>The highest price per million tokens accepted (a billion currency units).</summary>
    public const decimal MaxPerMillion = 1_000_000_000m;

    /// <summary>Price of a million input (prompt) tokens, for example <c>2.5</c>.</summary>
    public decimal InputPerMillion { get; set; }

    /// <summary>Price of a million output (completion) tokens, for example <c>10</c>.</summary>
    public decimal OutputPerMillion { get; set; }

    /// <summary>
    /// What <paramref name="inputTokens"/> and <paramref name="outputTokens"/> cost in millionths of a currency unit
    /// (a price per million tokens is the price of one token in millionths), rounded half away from zero. Negative
    /// counts cost nothing.
    /// </summary>
    /// <remarks>Prices are at most <see cref="MaxPerMillion"/>, so the product fits a decimal; a total past a long's range is clamped to it.</remarks>
    public long CostMicros(long inputTokens, long outputTokens) => CostMicros(InputPerMillion, OutputPerMillion, inputTokens, outputTokens);

    /// <summary>The pricing rule every price uses: decimal, rounded half away from zero, clamped to a long.</summary>
    internal static long CostMicros(decimal inputPerMillion, decimal outputPerMillion, long inputTokens, long outputTokens)
    {
        decimal cost = decimal.Round((Math.Max(0, inputTokens) * inputPerMillion) + (Math.Max(0, outputTokens) * outputPerMillion), MidpointRounding.AwayFromZero);
        return cost >= long.MaxValue ? long.MaxValue : (long)cost;
    }

    /// <summary>The name of the first price out of range (0 to <see cref="MaxPerMillion"/>), or null when both are in it.</summary>
    public string? InvalidSetting() =>
        InputPerMillion is < 0 or > MaxPerMillion ? nameof(InputPerMillion)
        : OutputPerMillion is < 0 or > MaxPerMillion ? nameof(OutputPerMillion)
        : null;
}
