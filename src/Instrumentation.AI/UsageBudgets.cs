using Instrumentation.Collection;
using Instrumentation.Probes;
using Instrumentation.Snapshots;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Instrumentation.AI;

/// <summary>
/// Keeps every budget's spending in its current period from the deltas of usage series (any usage metric; a series'
/// <c>model</c> and <c>provider</c> tags say which budgets it counts against). It is a sink, so it is evaluated after
/// each collection: a threshold crossed logs one warning per period and tells every <see cref="IUsageBudgetHandler"/>.
/// Spending is this process's since it started (not yet the fleet's or history's).
/// </summary>
public sealed partial class UsageBudgets : IInstrumentationSink, IBudgetSource
{
    private readonly Lock _gate = new();
    private readonly (UsageBudget Budget, Spending Spending)[] _budgets;
    private readonly (UsageBudget Budget, Spending Spending)[] _enforced;
    private readonly IReadOnlyList<IUsageBudgetHandler> _handlers;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Tracks <paramref name="options"/>' budgets.</summary>
    public UsageBudgets(UsageOptions options, IEnumerable<IUsageBudgetHandler>? handlers = null, TimeProvider? timeProvider = null, ILogger<UsageBudgets>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _budgets = [.. options.Budgets.Select(b => (b, new Spending()))];
        _enforced = [.. _budgets.Where(b => b.Budget.Enforce)];
        _handlers = [.. handlers ?? []];
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <inheritdoc />
    public string Name => "usage-budgets";

    /// <summary>Every budget in its current period, in configuration order (the snapshot's <c>budgets</c> section).</summary>
    public IReadOnlyList<BudgetSnapshot> Budgets
    {
        get
        {
            DateTimeOffset now = _time.GetUtcNow();
            lock (_gate)
            {
                return [.. _budgets.Select(b => StateOf(b.Budget, b.Spending, now))];
            }
        }
    }

    /// <summary>Adds the batch's usage to the budgets it counts against, then warns of the thresholds it crossed.</summary>
    public async ValueTask WriteAsync(MetricsBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var alerts = new List<BudgetAlert>();
        lock (_gate)
        {
            foreach (SeriesDelta delta in batch.Deltas.Where(d => d.Series.Kind == ProbeKind.Usage))
            {
                string model = Tag(delta.Series, "model"), provider = Tag(delta.Series, "provider");
                foreach ((UsageBudget budget, Spending spending) in _budgets.Where(b => b.Budget.Covers(model, provider)))
                {
                    spending.Add(budget.PeriodStart(batch.To), delta.Fields[FieldNames.CostMicros], delta.Fields[FieldNames.InputTokens] + delta.Fields[FieldNames.OutputTokens]);
                }
            }

            foreach ((UsageBudget budget, Spending spending) in _budgets)
            {
                BudgetSnapshot state = StateOf(budget, spending, spending.PeriodStart);
                foreach (int threshold in budget.EffectiveThresholds.Where(t => t > spending.Warned && t <= state.Percent))
                {
                    spending.Warned = threshold;
                    alerts.Add(new BudgetAlert(budget.Name, budget.Period, spending.PeriodStart, threshold, state.Spent, state.Limit, state.Unit));
                }
            }
        }

        foreach (BudgetAlert alert in alerts)
        {
            LogCrossed(_logger, alert.Budget, alert.ThresholdPercent, alert.Spent, alert.Limit, alert.Unit, alert.Period.ToString().ToLowerInvariant(), alert.PeriodStart);
            foreach (IUsageBudgetHandler handler in _handlers)
            {
                try
                {
                    await handler.OnThresholdCrossedAsync(alert, cancellationToken).ConfigureAwait(false);
                }
#pragma warning disable CA1031 // A handler's failure must not stop the others or the delivery of usage.
                catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
                {
                    LogHandlerFailed(_logger, handler.GetType().Name, alert.Budget, exception);
                }
            }
        }
    }

    /// <summary>
    /// The first enforced budget covering <paramref name="model"/> at <paramref name="provider"/> that is spent now (as of
    /// the last collection), if any. Allocates nothing unless one is.
    /// </summary>
    public BudgetSnapshot? Exhausted(string model, string provider)
    {
        if (_enforced.Length == 0)
        {
            return null;
        }

        DateTimeOffset now = _time.GetUtcNow();
        lock (_gate)
        {
            foreach ((UsageBudget budget, Spending spending) in _enforced)
            {
                if (budget.Covers(model, provider) && spending.PeriodStart == budget.PeriodStart(now) && spending.Reaches(budget))
                {
                    return StateOf(budget, spending, now);
                }
            }
        }

        return null;
    }

    private static BudgetSnapshot StateOf(UsageBudget budget, Spending spending, DateTimeOffset at)
    {
        DateTimeOffset periodStart = budget.PeriodStart(at);
        bool current = spending.PeriodStart == periodStart;
        (decimal spent, decimal limit, string unit) = budget.LimitCost is { } cost
            ? ((current ? spending.CostMicros : 0) / 1_000_000m, cost, "cost")
            : (current ? spending.Tokens : 0, (decimal)budget.LimitTokens!.Value, "tokens");
        double percent = Math.Round(100 * (double)spent / (double)limit, 2);

        // Exhausted is decided exactly, by the one rule enforcement uses, not from the rounded percent.
        string state = current && spending.Reaches(budget) ? "exhausted" : percent >= budget.EffectiveThresholds[0] ? "warning" : "ok";
        return new BudgetSnapshot(budget.Name, budget.Period.ToString().ToLowerInvariant(), periodStart, spent, limit, unit, percent, state);
    }

    private static string Tag(SeriesInfo series, string name) =>
        series.Tags.FirstOrDefault(t => t.Key == name).Value ?? string.Empty;

    [LoggerMessage(1, LogLevel.Warning, "Usage budget '{Budget}' crossed {Threshold} %: {Spent} of {Limit} {Unit} spent this {Period} (from {PeriodStart:O}).")]
    private static partial void LogCrossed(ILogger logger, string budget, int threshold, decimal spent, decimal limit, string unit, string period, DateTimeOffset periodStart);

    [LoggerMessage(2, LogLevel.Error, "The usage budget handler {Handler} failed for budget '{Budget}'; the other handlers were still called.")]
    private static partial void LogHandlerFailed(ILogger logger, string handler, string budget, Exception exception);

    /// <summary>One budget's spending in its current period and the highest threshold warned of in it.</summary>
    private sealed class Spending
    {
        public DateTimeOffset PeriodStart { get; private set; } = DateTimeOffset.MinValue;

        public long CostMicros { get; private set; }

        public long Tokens { get; private set; }

        public int Warned { get; set; }

        /// <summary>Whether the spending reaches <paramref name="budget"/>'s limit.</summary>
        public bool Reaches(UsageBudget budget) => budget.LimitCost is { } cost ? CostMicros >= cost * 1_000_000m : Tokens >= budget.LimitTokens;

        /// <summary>Adds usage of the period starting <paramref name="periodStart"/>; a newer period starts from 0, an older one is past.</summary>
        public void Add(DateTimeOffset periodStart, long costMicros, long tokens)
        {
            if (periodStart > PeriodStart)
            {
                (PeriodStart, CostMicros, Tokens, Warned) = (periodStart, 0, 0, 0);
            }

            if (periodStart == PeriodStart)
            {
                CostMicros += costMicros;
                Tokens += tokens;
            }
        }
    }
}
