using System.Diagnostics;
using System.Runtime.CompilerServices;
using Instrumentation.Probes;
using Microsoft.Extensions.AI;

namespace Instrumentation.AI;

/// <summary>
/// A chat client middleware that records every call as usage: one series per model and provider with calls,
/// failures (an exception or a cancellation), input and output tokens from the response's usage, cost from the
/// model's price, and latency. The model is the response's, else the request's, else the client's default; the
/// provider is the client's <see cref="ChatClientMetadata.ProviderName"/>. Recording allocates nothing beyond the call.
/// </summary>
public sealed class InstrumentingChatClient : DelegatingChatClient
{
    private readonly UsageRecorder _recorder;

    /// <summary>
    /// Wraps <paramref name="innerClient"/>, recording into <paramref name="registry"/> as <paramref name="options"/> say,
    /// into the GenAI meter instruments when given, and refusing calls an enforced one of <paramref name="budgets"/> covers
    /// once it is spent.
    /// </summary>
    public InstrumentingChatClient(IChatClient innerClient, ProbeRegistry registry, UsageOptions options, GenAiInstruments? instruments = null, UsageBudgets? budgets = null)
        : base(innerClient)
    {
        ChatClientMetadata? metadata = innerClient.GetService<ChatClientMetadata>();
        _recorder = new UsageRecorder("chat", metadata?.ProviderName, metadata?.DefaultModelId, registry, options, instruments, budgets);
    }

    /// <inheritdoc />
    /// <exception cref="UsageBudgetExceededException">An enforced budget that covers the call is spent; nothing was sent.</exception>
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        _recorder.ThrowIfBudgetSpent(options?.ModelId);
        long started = Stopwatch.GetTimestamp();
        ChatResponse response;
        try
        {
            response = await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            _recorder.Record(options?.ModelId, responseModel: null, usage: null, started, exception);
            throw;
        }

        _recorder.Record(options?.ModelId, response.ModelId, response.Usage, started, error: null);
        return response;
    }

    /// <inheritdoc />
    /// <remarks>
    /// The usage is the sum of the <see cref="UsageContent"/>s the stream carries (as <c>ToChatResponse()</c> adds them); a
    /// stream that throws, is cancelled or is left before its end counts as failed.
    /// </remarks>
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        _recorder.ThrowIfBudgetSpent(options?.ModelId);
        long started = Stopwatch.GetTimestamp();
        string? model = null;
        UsageDetails? usage = null;
        Exception? error = null;
        bool completed = false;
        IAsyncEnumerator<ChatResponseUpdate> updates;
        try
        {
            updates = base.GetStreamingResponseAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        }
        catch (Exception exception)
        {
            // An inner client that throws before it returns a stream.
            _recorder.Record(options?.ModelId, responseModel: null, usage: null, started, exception);
            throw;
        }

        try
        {
            while (true)
            {
                try
                {
                    if (!await updates.MoveNextAsync().ConfigureAwait(false))
                    {
                        break;
                    }
                }
                catch (Exception exception)
                {
                    error = exception;
                    throw;
                }

                ChatResponseUpdate update = updates.Current;
                model ??= update.ModelId;
                foreach (AIContent content in update.Contents)
                {
                    if (content is UsageContent reported)
                    {
                        // Added up, as Microsoft.Extensions.AI's ToChatResponse() does with several usage updates.
                        (usage ??= new UsageDetails()).Add(reported.Details);
                    }
                }

                yield return update;
            }

            completed = true;
        }
        finally
        {
            await updates.DisposeAsync().ConfigureAwait(false);
            _recorder.Record(options?.ModelId, model, usage, started, completed ? null : error ?? new OperationCanceledException("The stream was left before its end."));
        }
    }
}
