using Instrumentation.Collection;
using Instrumentation.Probes;
using Instrumentation.Snapshots;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Instrumentation.AI;

/// <summary>
/// Keeps every budget's spending in its current period from usage series (any usage metric; a series' <c>model</c> and
/// <c>provider</c> tags say which budgets it counts against), on the widest source configured: an hour's budget on the
/// fleet's totals when Redis is configured (else history's), a day's or a month's on SQLite history when it is
/// configured (the fleet source answers windows up to an hour), else this process's deltas since it started. It is a sink, so it is evaluated
/// after each collection (fleet and history totals are read again every <see cref="UsageOptions.BudgetReadInterval"/>):
/// a threshold crossed logs one warning per period and tells every <see cref="IUsageBudgetHandler"/>.
/// </summary>
public sealed partial class UsageBudgets : IInstrumentationSink, IBudgetSource
{
    private readonly Lock _gate = new();
    private readonly Budget[] _budgets;
    private readonly Budget[] _enforced;
    private readonly IReadOnlyList<IUsageBudgetHandler> _handlers;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TimeSpan _readInterval;
    private readonly Lazy<WideSources> _wide;
    private DateTimeOffset _nextRead = DateTimeOffset.MinValue;
    private readonly HashSet<SnapshotScope> _unreadable = [];

    /// <summary>Tracks <paramref name="options"/>' budgets.</summary>
    /// <param name="options">The budgets, and how often wide totals are read.</param>
    /// <param name="handlers">Told of every threshold crossed.</param>
    /// <param name="timeProvider">The clock periods follow (UTC calendar).</param>
    /// <param name="logger">Where crossings and unreadable sources are logged.</param>
    /// <param name="sources">
    /// The snapshot sources; the fleet and history ones keep the budgets their periods suit. Enumerated at first use, not
    /// here, so a container can hand over sources that depend on the collector this sink belongs to.
    /// </param>
    public UsageBudgets(UsageOptions options, IEnumerable<IUsageBudgetHandler>? handlers = null, TimeProvider? timeProvider = null, ILogger<UsageBudgets>? logger = null, IEnumerable<ISnapshotSource>? sources = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _budgets = [.. options.Budgets.Select(b => new Budget(b))];
        _enforced = [.. _budgets.Where(b => b.Rule.Enforce)];
        _handlers = [.. handlers ?? []];
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _readInterval = options.BudgetReadInterval;
        _wide = new Lazy<WideSources>(() => WideSources.From(sources ?? []), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <inheritdoc />
    public string Name => "usage-budgets";

    /// <summary>Every collection's deltas at once, and an empty delivery when none came for the read interval, so fleet and history totals are read again while this process records nothing.</summary>
    public SinkPolicy Policy => new() { Heartbeat = _readInterval };

    /// <summary>Every budget in its current period, in configuration order (the snapshot's <c>budgets</c> section).</summary>
    public IReadOnlyList<BudgetSnapshot> Budgets
    {
        get
        {
            DateTimeOffset now = _time.GetUtcNow();
            lock (_gate)
            {
                return [.. _budgets.Select(b => StateOf(b, now))];
            }
        }
    }

    /// <summary>
    /// Adds the batch's usage to the budgets kept on this process's deltas, reads fleet and history totals again when they
    /// are due, then warns of the thresholds crossed. A source that cannot be read is logged (once until it answers again)
    /// and its budgets keep their last totals; nothing is thrown.
    /// </summary>
    public async ValueTask WriteAsync(MetricsBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        lock (_gate)
        {
            foreach (SeriesDelta delta in batch.Deltas.Where(d => d.Series.Kind == ProbeKind.Usage))
            {
                string model = Tag(delta.Series, "model"), provider = Tag(delta.Series, "provider");
                foreach (Budget budget in _budgets.Where(b => SourceOf(b) is null && b.Rule.Covers(model, provider)))
                {
                    budget.Spending.Add(budget.Rule.PeriodStart(batch.To), delta.Fields[FieldNames.CostMicros], Sum(delta.Fields[FieldNames.InputTokens], delta.Fields[FieldNames.OutputTokens]));
                }
            }
        }

        await ReadWideTotalsAsync(cancellationToken).ConfigureAwait(false);
        var alerts = new List<BudgetAlert>();
        lock (_gate)
        {
            foreach (Budget budget in _budgets)
            {
                Spending spending = budget.Spending;
                BudgetSnapshot state = StateOf(budget, spending.PeriodStart);
                foreach (int threshold in budget.Rule.EffectiveThresholds.Where(t => t > spending.Warned && t <= state.Percent))
                {
                    spending.Warned = threshold;
                    alerts.Add(new BudgetAlert(budget.Rule.Name, budget.Rule.Period, spending.PeriodStart, threshold, state.Spent, state.Limit, state.Unit));
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
            foreach (Budget budget in _enforced)
            {
                if (budget.Rule.Covers(model, provider) && budget.Spending.PeriodStart == budget.Rule.PeriodStart(now) && budget.Spending.Reaches(budget.Rule))
                {
                    return StateOf(budget, now);
                }
            }
        }

        return null;
    }

    /// <summary>Reads each fleet or history budget's spending in its current period, when due: one read per source and period.</summary>
    private async Task ReadWideTotalsAsync(CancellationToken cancellationToken)
    {
        DateTimeOffset now = _time.GetUtcNow();
        if (now < _nextRead || !_budgets.Any(b => SourceOf(b) is not null))
        {
            return;
        }

        _nextRead = now + _readInterval;
        foreach (IGrouping<(ISnapshotSource Source, DateTimeOffset PeriodStart), Budget> group in _budgets
            .Where(b => SourceOf(b) is not null)
            .GroupBy(b => (SourceOf(b)!, b.Rule.PeriodStart(now))))
        {
            IReadOnlyList<SeriesAggregate> totals;
            try
            {
                totals = await group.Key.Source.ReadAsync(now - group.Key.PeriodStart, cancellationToken).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // An unreadable source must not stop the budgets or the delivery of usage.
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
            {
                if (_unreadable.Add(group.Key.Source.Scope))
                {
                    LogReadFailed(_logger, group.Key.Source.Scope.ToString().ToLowerInvariant(), exception);
                }

                continue;
            }

            lock (_gate)
            {
                foreach (Budget budget in group)
                {
                    (long cost, long tokens) = (0, 0);
                    foreach (SeriesAggregate series in totals.Where(t => t.Series.Kind == ProbeKind.Usage && budget.Rule.Covers(Tag(t.Series, "model"), Tag(t.Series, "provider"))))
                    {
                        cost = Sum(cost, series.Fields[FieldNames.CostMicros]);
                        tokens = Sum(tokens, Sum(series.Fields[FieldNames.InputTokens], series.Fields[FieldNames.OutputTokens]));
                    }

                    budget.Spending.Set(group.Key.PeriodStart, cost, tokens);
                }
            }

            if (_unreadable.Remove(group.Key.Source.Scope))
            {
                LogReadRecovered(_logger, group.Key.Source.Scope.ToString().ToLowerInvariant());
            }
        }
    }

    /// <summary>The fleet or history source <paramref name="budget"/> is kept on; null for this process's deltas.</summary>
    private ISnapshotSource? SourceOf(Budget budget) => _wide.Value.For(budget.Rule.Period);

    private BudgetSnapshot StateOf(Budget entry, DateTimeOffset at)
    {
        (UsageBudget budget, Spending spending) = (entry.Rule, entry.Spending);
        DateTimeOffset periodStart = budget.PeriodStart(at);
        bool current = spending.PeriodStart == periodStart;
        (decimal spent, decimal limit, string unit) = budget.LimitCost is { } cost
            ? ((current ? spending.CostMicros : 0) / 1_000_000m, cost, "cost")
            : (current ? spending.Tokens : 0, (decimal)budget.LimitTokens!.Value, "tokens");
        double percent = Math.Round(100 * (double)spent / (double)limit, 2);

        // Exhausted is decided exactly, by the one rule enforcement uses, not from the rounded percent.
        string state = current && spending.Reaches(budget) ? "exhausted" : percent >= budget.EffectiveThresholds[0] ? "warning" : "ok";
        string source = SourceOf(entry)?.Scope.ToString().ToLowerInvariant() ?? "local";
        return new BudgetSnapshot(budget.Name, budget.Period.ToString().ToLowerInvariant(), periodStart, spent, limit, unit, percent, state, source);
    }

    /// <summary>Adds two non-negative totals, stopping at a long's limit instead of wrapping below zero.</summary>
    private static long Sum(long a, long b) => a + b < a ? long.MaxValue : a + b;

    private static string Tag(SeriesInfo series, string name) =>
        series.Tags.FirstOrDefault(t => t.Key == name).Value ?? string.Empty;

    [LoggerMessage(1, LogLevel.Warning, "Usage budget '{Budget}' crossed {Threshold} %: {Spent} of {Limit} {Unit} spent this {Period} (from {PeriodStart:O}).")]
    private static partial void LogCrossed(ILogger logger, string budget, int threshold, decimal spent, decimal limit, string unit, string period, DateTimeOffset periodStart);

    [LoggerMessage(2, LogLevel.Error, "The usage budget handler {Handler} failed for budget '{Budget}'; the other handlers were still called.")]
    private static partial void LogHandlerFailed(ILogger logger, string handler, string budget, Exception exception);

    [LoggerMessage(3, LogLevel.Warning, "Usage budgets could not read the {Scope} totals; the budgets kept on them keep their last totals until it answers.")]
    private static partial void LogReadFailed(ILogger logger, string scope, Exception exception);

    [LoggerMessage(4, LogLevel.Information, "Usage budgets read the {Scope} totals again.")]
    private static partial void LogReadRecovered(ILogger logger, string scope);

    /// <summary>A budget and its spending in the current period.</summary>
    private sealed class Budget(UsageBudget rule)
    {
        public UsageBudget Rule { get; } = rule;

        public Spending Spending { get; } = new();
    }

    /// <summary>
    /// The widest sources configured, found once, at first use (a container may hand over sources that depend on the
    /// collector this sink belongs to): an hour is kept on the fleet (whose source answers an hour) or history, a day or
    /// a month on history; null means this process's deltas.
    /// </summary>
    private sealed record WideSources(ISnapshotSource? Fleet, ISnapshotSource? History)
    {
        public static WideSources From(IEnumerable<ISnapshotSource> sources)
        {
            ISnapshotSource[] all = [.. sources];
            return new(all.FirstOrDefault(s => s.Scope == SnapshotScope.Fleet), all.FirstOrDefault(s => s.Scope == SnapshotScope.History));
        }

        public ISnapshotSource? For(BudgetPeriod period) => period == BudgetPeriod.Hour ? Fleet ?? History : History;
    }

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
                CostMicros = Sum(CostMicros, costMicros);
                Tokens = Sum(Tokens, tokens);
            }
        }

        /// <summary>Sets the period's totals as a wide source read them; a newer period starts its warnings afresh, an older one is past.</summary>
        public void Set(DateTimeOffset periodStart, long costMicros, long tokens)
        {
            if (periodStart > PeriodStart)
            {
                (PeriodStart, Warned) = (periodStart, 0);
            }

            if (periodStart == PeriodStart)
            {
                (CostMicros, Tokens) = (costMicros, tokens);
            }
        }
    }
}
