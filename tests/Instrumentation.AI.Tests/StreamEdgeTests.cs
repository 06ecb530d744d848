using System.Globalization;
using System.Runtime.CompilerServices;
using Instrumentation.Collection;
using Instrumentation.Probes;
using Instrumentation.Snapshots;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;

namespace Instrumentation.AI.Tests;

/// <summary>Shapes real providers have: usage split over updates, a stream that fails before it starts, absurd counts.</summary>
public sealed class StreamEdgeTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-12-02T10:00:00Z", CultureInfo.InvariantCulture));
    private readonly ProbeRegistry _registry = new();

    [Fact]
    public async Task Usage_reported_in_several_updates_is_added_up_as_ToChatResponse_does()
    {
        var updates = new[]
        {
            new ChatResponseUpdate { Contents = [new UsageContent(new UsageDetails { InputTokenCount = 10 })] },
            new ChatResponseUpdate(ChatRole.Assistant, "hi"),
            new ChatResponseUpdate { Contents = [new UsageContent(new UsageDetails { OutputTokenCount = 5 })] },
        };
        using IChatClient client = new InstrumentingChatClient(new ScriptedChatClient(updates), _registry, new UsageOptions());

        await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync("hi"))
        {
        }

        UsageSnapshot usage = (await LocalSnapshot.TakeAsync(_registry, _time)).Usage.Single();
        Assert.Equal(updates.ToChatResponse().Usage!.InputTokenCount, usage.InputTokens);
        Assert.Equal((10L, 5L), (usage.InputTokens, usage.OutputTokens));
    }

    [Fact]
    public async Task A_stream_the_inner_client_refuses_before_it_starts_is_a_recorded_failure()
    {
        using IChatClient client = new InstrumentingChatClient(new ScriptedChatClient([], throwAtOnce: true), _registry, new UsageOptions());

        Assert.Throws<InvalidOperationException>(() => client.GetStreamingResponseAsync("hi").GetAsyncEnumerator().MoveNextAsync().AsTask().GetAwaiter().GetResult());

        Assert.Equal((1L, 1L), (await LocalSnapshot.TakeAsync(_registry, _time)).Usage.Select(u => (u.Calls, u.Failures)).Single());
    }

    [Fact]
    public async Task Absurd_token_counts_never_cost_the_caller_its_response()
    {
        var options = new UsageOptions();
        options.Prices["gpt-4o"] = new UsagePrice { InputPerMillion = 10m };
        var updates = new[] { new ChatResponseUpdate { ModelId = "gpt-4o", Contents = [new UsageContent(new UsageDetails { InputTokenCount = 1_000_000_000_000_000_000 })] } };
        using IChatClient client = new InstrumentingChatClient(new ScriptedChatClient(updates), _registry, options);

        ChatResponse response = await client.GetStreamingResponseAsync("hi").ToChatResponseAsync();

        Assert.Equal(1_000_000_000_000_000_000, response.Usage!.InputTokenCount);
        Assert.Equal(long.MaxValue, options.Prices["gpt-4o"].CostMicros(1_000_000_000_000_000_000, 0));
        Assert.Equal(1, (await LocalSnapshot.TakeAsync(_registry, _time)).Usage.Single().Calls);
    }

    /// <summary>Streams the updates it is given; or throws as soon as it is asked for a stream.</summary>
    private sealed class ScriptedChatClient(ChatResponseUpdate[] updates, bool throwAtOnce = false) : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(updates.ToChatResponse());

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throwAtOnce ? throw new InvalidOperationException("The provider refused the stream.") : Stream(cancellationToken);

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }

        private async IAsyncEnumerable<ChatResponseUpdate> Stream([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            foreach (ChatResponseUpdate update in updates)
            {
                await Task.Yield();
                yield return update;
            }
        }
    }
}
