using System.Runtime.CompilerServices;

namespace Instrumentation.Probes;

/// <summary>
/// One model's prices, fixed, in the form a record prices fastest: in millionths of a currency unit per million tokens
/// when that is a whole number, so a call of realistic size is priced with integer arithmetic.
/// </summary>
internal sealed class ModelPrice
{
    private const long Scale = 1_000_000;

    /// <summary>The most tokens (2^30) and the highest scaled price (2^32, 4,294 a million) the integer path takes: each product stays below 2^62, their sum below 2^63.</summary>
    private const long MaxFastTokens = 1L << 30, MaxFastScaledPrice = 1L << 32;

    private readonly decimal _inputPerMillion, _outputPerMillion;
    private readonly long _inputScaled, _outputScaled;
    private readonly bool _integral;

    public ModelPrice(decimal inputPerMillion, decimal outputPerMillion)
    {
        _inputPerMillion = inputPerMillion;
        _outputPerMillion = outputPerMillion;
        decimal inputScaled = inputPerMillion * Scale, outputScaled = outputPerMillion * Scale;
        _integral = inputScaled == decimal.Truncate(inputScaled) && outputScaled == decimal.Truncate(outputScaled)
            && inputScaled < MaxFastScaledPrice && outputScaled < MaxFastScaledPrice;
        if (_integral)
        {
            (_inputScaled, _outputScaled) = ((long)inputScaled, (long)outputScaled);
        }
    }

    /// <summary>The cost in millionths, rounded half away from zero, exactly as <see cref="UsagePrice.CostMicros(long, long)"/>; negative counts cost nothing.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long CostMicros(long inputTokens, long outputTokens)
    {
        inputTokens = Math.Max(0, inputTokens);
        outputTokens = Math.Max(0, outputTokens);
        if (_integral && inputTokens < MaxFastTokens && outputTokens < MaxFastTokens)
        {
            return ((inputTokens * _inputScaled) + (outputTokens * _outputScaled) + (Scale / 2)) / Scale;
        }

        return UsagePrice.CostMicros(_inputPerMillion, _outputPerMillion, inputTokens, outputTokens);
    }
}
