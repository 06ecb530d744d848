using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Instrumentation.Samples.WebApi;

/// <summary>
/// Stands in for a provider's chat client in the demo: it answers in process, deterministically, without a network or
/// a key, after a short delay, and reports usage as a provider would (input tokens from the prompt's length, output
/// tokens from the answer's).
/// </summary>
internal sealed class SampleChatClient(string provider, string defaultModel) : IChatClient
{
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        string prompt = string.Concat(messages.Select(m => m.Text));
        string answer = $"A local answer about '{prompt}'.";
        await Task.Delay(20 + (prompt.Length * 7 % 180), cancellationToken);
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, answer))
        {
            ModelId = options?.ModelId ?? defaultModel,
            Usage = new UsageDetails { InputTokenCount = 12 + (prompt.Length / 4), OutputTokenCount = answer.Length / 4 },
        };
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ChatResponse response = await GetResponseAsync(messages, options, cancellationToken);
        foreach (ChatResponseUpdate update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata(provider, defaultModelId: defaultModel) : null;

    public void Dispose()
    {
    }
}
