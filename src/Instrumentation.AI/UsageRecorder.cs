using System.Diagnostics;
using Instrumentation.Probes;
using Microsoft.Extensions.AI;

namespace Instrumentation.AI;

/// <summary>
/// What the chat client and embedding generator middlewares share: one usage series per model and provider, the cost
/// from the model's price, the GenAI meter instruments, and the budgets a call must not exceed.
/// </summary>
internal sealed class UsageRecorder
{
    private const string Unknown = "unknown";
    private readonly UsageProbe _probe;
    private readonly UsagePriceTable _prices;
    private readonly GenAiInstruments? _instruments;
    private readonly UsageBudgets? _budgets;
    private readonly string _operation;

    /// <summary>Records the <paramref name="operation"/> calls of one client of <paramref name="provider"/>.</summary>
    /// <param name="operation">The GenAI operation name: <c>chat</c> or <c>embeddings</c>.</param>
    /// <param name="provider">The client's provider; <c>unknown</c> when it does not say.</param>
    /// <param name="defaultModel">The client's model when neither request nor response names one.</param>
    /// <param name="registry">Where the usage series live.</param>
    /// <param name="options">The metric name and prices.</param>
    /// <param name="instruments">The GenAI meter instruments, if any.</param>
    /// <param name="budgets">The budgets, if any.</param>
    public UsageRecorder(string operation, string? provider, string? defaultModel, ProbeRegistry registry, UsageOptions options, GenAiInstruments? instruments, UsageBudgets? budgets)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _operation = operation;
        _prices = UsagePriceTable.From(options.Prices);
        _instruments = instruments;
        _budgets = budgets;
        Provider = provider ?? Unknown;
        DefaultModel = defaultModel;
        _probe = registry.GetOrAddUsage(options.MetricName, [TagDefinition.Text("model"), TagDefinition.Text("provider")], timed: true);
    }

    public string Provider { get; }

    private static string? NonEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    public string? DefaultModel { get; }

    /// <summary>The model the client answered with when neither request nor client named one: what enforcement checks next time.</summary>
    private string? _answeredModel;

    /// <summary>Refuses a call, before anything is sent, when an enforced budget covering its model and provider is spent.</summary>
    /// <exception cref="UsageBudgetExceededException">Such a budget is spent.</exception>
    public void ThrowIfBudgetSpent(string? requestModel)
    {
        if (_budgets?.Exhausted(NonEmpty(requestModel) ?? DefaultModel ?? Volatile.Read(ref _answeredModel) ?? Unknown, Provider) is { } spent)
        {
            throw new UsageBudgetExceededException(spent);
        }
    }

    /// <summary>
    /// Records one call as usage of the model the request named (else the response's, else the default), and on the GenAI
    /// instruments with both. The request's name comes first because it is the one an app prices and budgets: providers
    /// answer <c>gpt-4o</c> with a dated <c>gpt-4o-2024-08-06</c>.
    /// </summary>
    public void Record(string? requestModel, string? responseModel, UsageDetails? usage, long startedTimestamp, Exception? error)
    {
        string model = NonEmpty(requestModel) ?? NonEmpty(responseModel) ?? DefaultModel ?? Unknown;
        if (NonEmpty(requestModel) is null && DefaultModel is null && NonEmpty(responseModel) is { } answered && !string.Equals(answered, Volatile.Read(ref _answeredModel), StringComparison.Ordinal))
        {
            Volatile.Write(ref _answeredModel, answered);
        }

        long input = usage?.InputTokenCount ?? 0;
        long output = usage?.OutputTokenCount ?? 0;
        var key = new SeriesKey(0);
        key.Add(model);
        key.Add(Provider);
        TimeSpan elapsed = Stopwatch.GetElapsedTime(startedTimestamp);
        _probe.GetSeries(in key).RecordPriced(input, output, _prices, elapsed.Ticks * 100, failed: error is not null);
        _instruments?.Record(_operation, Provider, requestModel ?? DefaultModel, responseModel, usage?.InputTokenCount, usage?.OutputTokenCount, elapsed, error);
    }
}
