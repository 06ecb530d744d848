using System.Diagnostics;
using Instrumentation.Probes;
using Microsoft.Extensions.AI;

namespace Instrumentation.AI;

/// <summary>
/// An embedding generator middleware that records every <c>GenerateAsync</c> as usage, like
/// <see cref="InstrumentingChatClient"/>: calls, failures, input tokens from the result's usage, cost from the model's
/// input price, and latency, per model and provider (<see cref="EmbeddingGeneratorMetadata"/>).
/// </summary>
/// <typeparam name="TInput">What is embedded, usually <see cref="string"/>.</typeparam>
/// <typeparam name="TEmbedding">The embedding type.</typeparam>
public sealed class InstrumentingEmbeddingGenerator<TInput, TEmbedding> : DelegatingEmbeddingGenerator<TInput, TEmbedding>
    where TEmbedding : Embedding
{
    private readonly UsageRecorder _recorder;

    /// <summary>Wraps <paramref name="innerGenerator"/>, recording into <paramref name="registry"/> as <paramref name="options"/> say.</summary>
    public InstrumentingEmbeddingGenerator(IEmbeddingGenerator<TInput, TEmbedding> innerGenerator, ProbeRegistry registry, UsageOptions options, GenAiInstruments? instruments = null, UsageBudgets? budgets = null)
        : base(innerGenerator)
    {
        EmbeddingGeneratorMetadata? metadata = innerGenerator.GetService<EmbeddingGeneratorMetadata>();
        _recorder = new UsageRecorder("embeddings", metadata?.ProviderName, metadata?.DefaultModelId, registry, options, instruments, budgets);
    }

    /// <inheritdoc />
    /// <exception cref="UsageBudgetExceededException">An enforced budget that covers the call is spent; nothing was sent.</exception>
    public override async Task<GeneratedEmbeddings<TEmbedding>> GenerateAsync(IEnumerable<TInput> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        _recorder.ThrowIfBudgetSpent(options?.ModelId);
        long started = Stopwatch.GetTimestamp();
        GeneratedEmbeddings<TEmbedding> embeddings;
        try
        {
            embeddings = await base.GenerateAsync(values, options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            _recorder.Record(options?.ModelId, responseModel: null, usage: null, started, exception);
            throw;
        }

        _recorder.Record(options?.ModelId, embeddings.Count > 0 ? embeddings[0].ModelId : null, embeddings.Usage, started, error: null);
        return embeddings;
    }
}
