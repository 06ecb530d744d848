using Instrumentation.Probes;

namespace Instrumentation;

/// <summary>
/// Times one call to a metered service: returned by a <c>[TrackUsage]</c> probe method, it records the call and its
/// duration when disposed; the caller adds the call's tokens (and cost) with <see cref="AddTokens(long, long)"/> once
/// it knows them. A struct: 0 bytes allocated, no lock.
/// </summary>
/// <example>
/// <code>
/// using UsageScope scope = LlmProbes.Calling(model, "openai");
/// ChatResponse response = await client.GetResponseAsync(prompt);
/// scope.AddTokens(response.Usage?.InputTokenCount ?? 0, response.Usage?.OutputTokenCount ?? 0);
/// </code>
/// </example>
/// <remarks>
/// Tokens are added at once, so a collection between <see cref="AddTokens(long, long)"/> and <see cref="Dispose"/> may
/// see them before their call. Call <see cref="Fail"/> where the call fails (a <c>catch</c>); it counts with the call.
/// </remarks>
public readonly struct UsageScope : IDisposable
{
    private readonly UsageSeries? _series;
    private readonly TrackingScope _call;

    internal UsageScope(UsageSeries series, TrackingScope call)
    {
        _series = series;
        _call = call;
    }

    /// <summary>Adds tokens, priced by the series' <c>model</c> tag from the registry's prices (else counted as unpriced).</summary>
    public void AddTokens(long inputTokens, long outputTokens) => _series?.AddPricedAmounts(inputTokens, outputTokens);

    /// <summary>Adds tokens and what they cost, in millionths of a currency unit.</summary>
    public void AddTokens(long inputTokens, long outputTokens, long costMicros) => _series?.AddAmounts(inputTokens, outputTokens, costMicros);

    /// <summary>Counts the call as failed; the failure is recorded with the call when the scope is disposed.</summary>
    public void Fail() => _call.Fail();

    /// <summary>Records the call and its duration since the scope began. Disposing a default scope does nothing; dispose a scope once.</summary>
    public void Dispose() => _call.Dispose();
}
