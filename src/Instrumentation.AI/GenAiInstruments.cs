using System.Diagnostics.Metrics;
using Instrumentation.Metrics;

namespace Instrumentation.AI;

/// <summary>
/// The OpenTelemetry GenAI client instruments, on the meter <c>Instrumentation</c> (so <c>AddOtlp()</c> and
/// <c>AddInstrumentationMeters()</c> export them): <c>gen_ai.client.token.usage</c> ({token}, one measurement per
/// token type) and <c>gen_ai.client.operation.duration</c> (s), with the attributes and bucket boundaries the semantic
/// conventions give (<c>gen_ai.operation.name</c>, <c>gen_ai.provider.name</c>, <c>gen_ai.request.model</c>,
/// <c>gen_ai.response.model</c>, <c>gen_ai.token.type</c>, <c>error.type</c>). Nothing is recorded while no one listens.
/// </summary>
public sealed class GenAiInstruments
{
    private static readonly long[] s_tokenBoundaries = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];
    private static readonly double[] s_durationBoundaries = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];
    private readonly Histogram<long> _tokens;
    private readonly Histogram<double> _duration;

    /// <summary>Creates the instruments on the meter <c>Instrumentation</c> of <paramref name="meterFactory"/>.</summary>
    public GenAiInstruments(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        Meter meter = meterFactory.Create(new MeterOptions(InstrumentNames.Meter) { Version = InstrumentNames.Version });
        _tokens = meter.CreateHistogram("gen_ai.client.token.usage", "{token}", "Number of input and output tokens used.", tags: null, new InstrumentAdvice<long> { HistogramBucketBoundaries = s_tokenBoundaries });
        _duration = meter.CreateHistogram("gen_ai.client.operation.duration", "s", "GenAI operation duration.", tags: null, new InstrumentAdvice<double> { HistogramBucketBoundaries = s_durationBoundaries });
    }

    /// <summary>Records one operation (<c>chat</c>, <c>embeddings</c>): its duration, and its tokens when the provider reported them.</summary>
    internal void Record(string operation, string provider, string? requestModel, string? responseModel, long? inputTokens, long? outputTokens, TimeSpan elapsed, Exception? error)
    {
        if (!_tokens.Enabled && !_duration.Enabled)
        {
            return;
        }

        var tags = new System.Diagnostics.TagList
        {
            { "gen_ai.operation.name", operation },
            { "gen_ai.provider.name", provider },
        };
        if (requestModel is not null)
        {
            tags.Add("gen_ai.request.model", requestModel);
        }

        if (responseModel is not null)
        {
            tags.Add("gen_ai.response.model", responseModel);
        }

        if (error is not null)
        {
            tags.Add("error.type", error is OperationCanceledException ? "cancelled" : error.GetType().FullName);
        }

        _duration.Record(elapsed.TotalSeconds, tags);
        if (error is null)
        {
            RecordTokens(inputTokens, "input", tags);
            RecordTokens(outputTokens, "output", tags);
        }
    }

    private void RecordTokens(long? count, string type, System.Diagnostics.TagList tags)
    {
        if (count is long tokens && tokens >= 0)
        {
            tags.Add("gen_ai.token.type", type);
            _tokens.Record(tokens, tags);
        }
    }
}
