namespace Instrumentation;

/// <summary>
/// Counts calls to a metered service (an LLM) with the tokens they sent and received and what they cost, per tag
/// combination (typically model and provider). Goes on a <c>static partial</c> method without a body; its
/// <see cref="ValueAttribute"/> parameters bind by name to the fields they add to: <c>inputTokens</c>,
/// <c>outputTokens</c> and <c>costMicros</c> (millionths of a currency unit). Without a <c>costMicros</c>, the tokens are
/// priced by the <c>model</c> tag from <c>Instrumentation:Usage:Prices</c>; a model without a price counts as
/// <c>unpriced</c>. A <c>bool failed</c> parameter counts the call as failed. Returning <see cref="UsageScope"/> times
/// the call instead: set its tokens on the scope before disposing it.
/// </summary>
/// <example>
/// <code>
/// [TrackUsage("llm")]
/// static partial void Completed([Tag("model")] string model, [Tag("provider")] string provider, [Value] long inputTokens, [Value] long outputTokens);
///
/// [TrackUsage("llm.timed")]
/// static partial UsageScope Calling([Tag("model")] string model, [Tag("provider")] string provider);
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class TrackUsageAttribute : TrackAttribute
{
    /// <summary>Names the metric after the method.</summary>
    public TrackUsageAttribute()
    {
    }

    /// <summary>Names the metric <paramref name="metricName"/>.</summary>
    /// <param name="metricName">Letters, digits, '.', '_', '-' or '/', starting with a letter.</param>
    public TrackUsageAttribute(string metricName)
        : base(metricName)
    {
    }
}
