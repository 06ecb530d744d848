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
    private const string Unknown = "unknown";
    private readonly UsageProbe _probe;
    private readonly UsageOptions _options;
    private readonly string _provider;
    private readonly string? _defaultModel;
    private readonly GenAiInstruments? _instruments;
    private readonly UsageBudgets? _budgets;

    /// <summary>
    /// Wraps <paramref name="innerClient"/>, recording into <paramref name="registry"/> as <paramref name="options"/> say,
    /// into the GenAI meter instruments when given, and refusing calls an enforced one of <paramref name="budgets"/> covers
    /// once it is spent.
    /// </summary>
    public InstrumentingChatClient(IChatClient innerClient, ProbeRegistry registry, UsageOptions options, GenAiInstruments? instruments = null, UsageBudgets? budgets = null)
        : base(innerClient)
    {
        _instruments = instruments;
        _budgets = budgets;
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _probe = registry.GetOrAddUsage(options.MetricName, [TagDefinition.Text("model"), TagDefinition.Text("provider")], timed: true);
        ChatClientMetadata? metadata = innerClient.GetService<ChatClientMetadata>();
        _provider = metadata?.ProviderName ?? Unknown;
        _defaultModel = metadata?.DefaultModelId;
    }

    /// <inheritdoc />
    /// <exception cref="UsageBudgetExceededException">An enforced budget that covers the call is spent; nothing was sent.</exception>
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ThrowIfBudgetSpent(options);
        long started = Stopwatch.GetTimestamp();
        ChatResponse response;
        try
        {
            response = await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            Record(options?.ModelId, responseModel: null, usage: null, started, exception);
            throw;
        }

        Record(options?.ModelId, response.ModelId, response.Usage, started, error: null);
        return response;
    }

    /// <inheritdoc />
    /// <remarks>The usage is the last <see cref="UsageContent"/> the stream carries; a stream that throws, is cancelled or is left before its end counts as failed.</remarks>
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ThrowIfBudgetSpent(options);
        long started = Stopwatch.GetTimestamp();
        string? model = null;
        UsageDetails? usage = null;
        Exception? error = null;
        bool completed = false;
        IAsyncEnumerator<ChatResponseUpdate> updates = base.GetStreamingResponseAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
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
                        usage = reported.Details;
                    }
                }

                yield return update;
            }

            completed = true;
        }
        finally
        {
            await updates.DisposeAsync().ConfigureAwait(false);
            Record(options?.ModelId, model, usage, started, completed ? null : error ?? new OperationCanceledException("The stream was left before its end."));
        }
    }

    /// <summary>Refuses a call, before anything is sent, when an enforced budget covering its model and provider is spent.</summary>
    private void ThrowIfBudgetSpent(ChatOptions? options)
    {
        if (_budgets?.Exhausted(options?.ModelId ?? _defaultModel ?? Unknown, _provider) is { } spent)
        {
            throw new UsageBudgetExceededException(spent);
        }
    }

    /// <summary>Records one call: as usage of the response's model (else the request's, else the default), and on the GenAI instruments.</summary>
    private void Record(string? requestModel, string? responseModel, UsageDetails? usage, long started, Exception? error)
    {
        string modelId = responseModel ?? requestModel ?? _defaultModel ?? Unknown;
        long input = usage?.InputTokenCount ?? 0;
        long output = usage?.OutputTokenCount ?? 0;
        long cost = _options.PriceOf(modelId)?.CostMicros(Math.Max(0, input), Math.Max(0, output)) ?? 0;
        var key = new SeriesKey(0);
        key.Add(modelId);
        key.Add(_provider);
        TimeSpan elapsed = Stopwatch.GetElapsedTime(started);
        _probe.GetSeries(in key).Record(input, output, cost, elapsed.Ticks * 100, failed: error is not null);
        _instruments?.RecordChat(_provider, requestModel ?? _defaultModel, responseModel, usage?.InputTokenCount, usage?.OutputTokenCount, elapsed, error);
    }
}
