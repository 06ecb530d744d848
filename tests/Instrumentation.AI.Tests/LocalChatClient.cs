using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Instrumentation.AI.Tests;

/// <summary>
/// A deterministic chat client that runs in process, without a network: it answers with the request's model (or its
/// own default), reports usage of one input token per character of the prompt and a fixed number of output tokens,
/// and streams its answer word by word with the usage in the last update. It can be told to fail.
/// </summary>
internal sealed class LocalChatClient(string provider, string? defaultModel, int outputTokens = 10) : IChatClient
{
    /// <summary>Makes every call throw this once it has started.</summary>
    public Exception? Failure { get; set; }

    /// <summary>The model id the answers carry instead of the requested one (a provider answering with a dated snapshot).</summary>
    public string? AnswerModel { get; set; }

    /// <summary>How many calls reached this client.</summary>
    public int Calls { get; private set; }

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Calls++;
        cancellationToken.ThrowIfCancellationRequested();
        if (Failure is not null)
        {
            throw Failure;
        }

        var response = new ChatResponse(new ChatMessage(ChatRole.Assistant, Answer()))
        {
            ModelId = AnswerModel ?? options?.ModelId ?? defaultModel,
            Usage = Usage(messages),
        };
        return Task.FromResult(response);
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (string word in Answer().Split(' '))
        {
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            if (Failure is not null)
            {
                throw Failure;
            }

            yield return new ChatResponseUpdate(ChatRole.Assistant, word + " ") { ModelId = options?.ModelId ?? defaultModel };
        }

        yield return new ChatResponseUpdate { Role = ChatRole.Assistant, Contents = [new UsageContent(Usage(messages))] };
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata(provider, defaultModelId: defaultModel) : null;

    public void Dispose()
    {
    }

    private static string Answer() => "a local answer in five words";

    private UsageDetails Usage(IEnumerable<ChatMessage> messages) =>
        new() { InputTokenCount = messages.Sum(m => m.Text.Length), OutputTokenCount = outputTokens };
}
