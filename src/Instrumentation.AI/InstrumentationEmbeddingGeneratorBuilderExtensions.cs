using Instrumentation.AI;
using Instrumentation.Probes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.AI;

/// <summary>Adds usage recording to embedding generator pipelines.</summary>
public static class InstrumentationEmbeddingGeneratorBuilderExtensions
{
    /// <summary>
    /// Records every call of the embedding generator as usage (input tokens, cost, failures, latency per model and
    /// provider), with the same options, registry, GenAI instruments and budgets as <see cref="InstrumentationChatClientBuilderExtensions.UseInstrumentation(ChatClientBuilder, Action{UsageOptions}?)"/>.
    /// </summary>
    public static EmbeddingGeneratorBuilder<TInput, TEmbedding> UseInstrumentation<TInput, TEmbedding>(this EmbeddingGeneratorBuilder<TInput, TEmbedding> builder, Action<UsageOptions>? configure = null)
        where TEmbedding : Embedding
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use((inner, services) =>
        {
            UsageOptions options = services.GetService<IOptions<UsageOptions>>()?.Value.Copy() ?? new UsageOptions();
            configure?.Invoke(options);
            return new InstrumentingEmbeddingGenerator<TInput, TEmbedding>(inner, services.GetService<ProbeRegistry>() ?? ProbeRegistry.Shared, options, services.GetService<GenAiInstruments>(), services.GetService<UsageBudgets>());
        });
    }
}
