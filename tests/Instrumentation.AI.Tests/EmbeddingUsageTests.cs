using System.Globalization;
using Instrumentation.Collection;
using Instrumentation.Probes;
using Instrumentation.Snapshots;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Instrumentation.AI.Tests;

/// <summary><c>UseInstrumentation()</c> on an embedding generator pipeline: input tokens and cost per model and provider.</summary>
public sealed class EmbeddingUsageTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-12-02T10:00:00Z", CultureInfo.InvariantCulture));

    [Fact]
    public async Task Embeddings_record_input_tokens_cost_and_failures_per_model()
    {
        var registry = new ProbeRegistry();
        var services = new ServiceCollection();
        services.AddSingleton(registry);
        services.AddOptions<UsageOptions>().Configure(o => o.Prices["text-embedding-3-small"] = new UsagePrice { InputPerMillion = 0.02m });
        using ServiceProvider provider = services.BuildServiceProvider();
        var inner = new LocalEmbeddingGenerator();
        using IEmbeddingGenerator<string, Embedding<float>> generator = inner.AsBuilder().UseInstrumentation().Build(provider);

        GeneratedEmbeddings<Embedding<float>> embeddings = await generator.GenerateAsync(["hello", "world!"]);
        inner.Failure = new HttpRequestException("down");
        await Assert.ThrowsAsync<HttpRequestException>(() => generator.GenerateAsync(["again"]));

        UsageSnapshot usage = (await LocalSnapshot.TakeAsync(registry, _time)).Usage.Single();

        Assert.Equal(2, embeddings.Count);
        Assert.Equal(("text-embedding-3-small", "openai"), (usage.Tags["model"], usage.Tags["provider"]));
        // 11 input tokens at 0.02 per million: 0.22 millionths, rounded to 0; the failed call counts no tokens.
        Assert.Equal((2L, 1L, 11L, 0L, 0L), (usage.Calls, usage.Failures, usage.InputTokens, usage.OutputTokens, usage.CostMicros));
    }

    /// <summary>Embeds in process: one input token per character, a vector of the text's length.</summary>
    private sealed class LocalEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
    {
        public Exception? Failure { get; set; }

        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            if (Failure is not null)
            {
                throw Failure;
            }

            string[] texts = [.. values];
            var embeddings = new GeneratedEmbeddings<Embedding<float>>(texts.Select(t => new Embedding<float>(new float[] { t.Length }) { ModelId = "text-embedding-3-small" }))
            {
                Usage = new UsageDetails { InputTokenCount = texts.Sum(t => t.Length) },
            };
            return Task.FromResult(embeddings);
        }

        public object? GetService(Type serviceType, object? serviceKey = null) =>
            serviceType == typeof(EmbeddingGeneratorMetadata) ? new EmbeddingGeneratorMetadata("openai", defaultModelId: "text-embedding-3-small") : null;

        public void Dispose()
        {
        }
    }
}
