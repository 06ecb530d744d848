namespace Instrumentation.AI;

/// <summary>The calendar period a budget is spent over, in UTC.</summary>
public enum BudgetPeriod
{
    /// <summary>From the start of each hour.</summary>
    Hour,

    /// <summary>From midnight UTC each day.</summary>
    Day,

    /// <summary>From the first of each month, midnight UTC.</summary>
    Month,
}

/// <summary>
/// A spending limit on LLM usage, bound from <c>Instrumentation:Usage:Budgets:&lt;i&gt;</c>: a limit in cost or in
/// tokens over a UTC calendar period, for all models, one model or one provider, with the percentages at which it warns.
/// </summary>
public sealed class UsageBudget
{
    /// <summary>What logs, handlers and the states call it. Required.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>Only calls to this model count (compared without case); all models when empty.</summary>
    public string? Model { get; set; }

    /// <summary>Only calls to this provider count (compared without case); all providers when empty.</summary>
    public string? Provider { get; set; }

    /// <summary>The limit in currency units (the prices' currency), for example <c>50</c>. Set this or <see cref="LimitTokens"/>.</summary>
    public decimal? LimitCost { get; set; }

    /// <summary>The limit in tokens, input and output together. Set this or <see cref="LimitCost"/>.</summary>
    public long? LimitTokens { get; set; }

    /// <summary>The period the limit applies to. Default <see cref="BudgetPeriod.Day"/>.</summary>
    public BudgetPeriod Period { get; set; } = BudgetPeriod.Day;

    /// <summary>Percentages of the limit that warn once each per period. Default 50, 80 and 100.</summary>
    public List<int> Thresholds { get; set; } = [];

    /// <summary>When set, the chat client middleware refuses calls this budget covers once it is spent, before sending them.</summary>
    public bool Enforce { get; set; }

    /// <summary>The smallest cost limit: a millionth of a currency unit, the resolution costs are kept in.</summary>
    public const decimal MinLimitCost = 0.000001m;

    /// <summary>The largest cost limit, a trillion currency units.</summary>
    public const decimal MaxLimitCost = 1_000_000_000_000m;

    /// <summary>The thresholds in use, lowest first: the configured ones, else 50, 80 and 100.</summary>
    internal int[] EffectiveThresholds => Thresholds.Count == 0 ? [50, 80, 100] : [.. Thresholds.Distinct().Order()];

    /// <summary>
    /// Whether a call to <paramref name="model"/> at <paramref name="provider"/> counts against this budget. The series that
    /// absorbs tag values past the cardinality limit (<c>__overflow__</c>) counts against every budget: its calls could be
    /// any model's, and a budget must not be escaped by varying the model id.
    /// </summary>
    public bool Covers(string model, string provider) =>
        (string.IsNullOrEmpty(Model) || model == Probes.SeriesInfo.OverflowValue || string.Equals(Model, model, StringComparison.OrdinalIgnoreCase))
        && (string.IsNullOrEmpty(Provider) || provider == Probes.SeriesInfo.OverflowValue || string.Equals(Provider, provider, StringComparison.OrdinalIgnoreCase));

    /// <summary>The start of the period that holds <paramref name="time"/> (for spending: the time of the collection that read it).</summary>
    public DateTimeOffset PeriodStart(DateTimeOffset time)
    {
        DateTimeOffset utc = time.ToUniversalTime();
        return Period switch
        {
            BudgetPeriod.Hour => new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, TimeSpan.Zero),
            BudgetPeriod.Day => new DateTimeOffset(utc.Year, utc.Month, utc.Day, 0, 0, 0, TimeSpan.Zero),
            _ => new DateTimeOffset(utc.Year, utc.Month, 1, 0, 0, 0, TimeSpan.Zero),
        };
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting out of range; <paramref name="index"/> is its place in the list.</summary>
    internal void Validate(int index)
    {
        string at = $"Instrumentation:Usage:Budgets:{index}";
        if (string.IsNullOrWhiteSpace(Name))
        {
            throw new ArgumentException($"{at}:Name is empty; give each budget a name.", nameof(Name));
        }

        if (LimitCost is null == LimitTokens is null)
        {
            throw new ArgumentException($"{at} ('{Name}') sets {(LimitCost is null ? "neither LimitCost nor LimitTokens" : "both LimitCost and LimitTokens")}; set one of them.", nameof(LimitCost));
        }

        if (LimitCost is < MinLimitCost or > MaxLimitCost || LimitTokens is <= 0)
        {
            throw new ArgumentException(
                LimitCost is not null
                    ? $"{at}:LimitCost ('{Name}') must be from {MinLimitCost} (a millionth, the cost's resolution) to {MaxLimitCost:N0}."
                    : $"{at}:LimitTokens ('{Name}') must be more than 0.",
                LimitCost is not null ? nameof(LimitCost) : nameof(LimitTokens));
        }

        if (!Enum.IsDefined(Period))
        {
            throw new ArgumentException($"{at}:Period ('{Name}') is {(int)Period}; use Hour, Day or Month.", nameof(Period));
        }

        if (Thresholds.Any(t => t is < 1 or > 1000))
        {
            throw new ArgumentException($"{at}:Thresholds ('{Name}') holds {Thresholds.First(t => t is < 1 or > 1000)}; use percentages from 1 to 1000.", nameof(Thresholds));
        }
    }
}
