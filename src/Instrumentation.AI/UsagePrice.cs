namespace Instrumentation.AI;

/// <summary>What one model charges, in currency units per million tokens (as providers list their prices).</summary>
public sealed class UsagePrice
{
    /// <summary>Price of a million input (prompt) tokens, for example <c>2.5</c>.</summary>
    public decimal InputPerMillion { get; set; }

    /// <summary>Price of a million output (completion) tokens, for example <c>10</c>.</summary>
    public decimal OutputPerMillion { get; set; }

    /// <summary>
    /// What <paramref name="inputTokens"/> and <paramref name="outputTokens"/> cost in millionths of a currency unit: a
    /// price per million tokens is the price of one token in millionths.
    /// </summary>
    public long CostMicros(long inputTokens, long outputTokens) =>
        (long)decimal.Round((inputTokens * InputPerMillion) + (outputTokens * OutputPerMillion), MidpointRounding.AwayFromZero);
}
