namespace Instrumentation.AI;

/// <summary>How LLM calls are recorded: the metric they count in and the price of each model. Bound from <c>Instrumentation:Usage</c>.</summary>
public sealed class UsageOptions
{
    /// <summary>The usage metric the chat client middleware records into. Default <c>gen_ai.client</c>.</summary>
    public string MetricName { get; set; } = "gen_ai.client";

    /// <summary>
    /// Prices by model id (the id the request names, else the response's; compared without case), for example
    /// <c>Instrumentation:Usage:Prices:gpt-4o:InputPerMillion = 2.5</c>. A model without a price records its tokens
    /// with a cost of 0 and counts the call as <c>unpriced</c>. <c>AddUsage()</c> also gives these prices to the registry
    /// (<see cref="Probes.ProbeRegistry.UsagePrices"/>) when the host starts, for <c>[TrackUsage]</c> probe methods. A model id holding <c>:</c> (<c>llama3:8b</c>) cannot be a configuration key: set its price in
    /// code (<c>AddUsage(o =&gt; o.Prices["llama3:8b"] = …)</c>).
    /// </summary>
    public Dictionary<string, UsagePrice> Prices { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Spending limits, evaluated after each collection (see <see cref="UsageBudgets"/>).</summary>
    public List<UsageBudget> Budgets { get; } = [];

    /// <summary>
    /// How often budgets kept on fleet (Redis) or history (SQLite) totals read them again, after a collection: default
    /// 15 seconds, 1 second to 1 hour. Budgets kept on this process's deltas are evaluated after every collection.
    /// </summary>
    public TimeSpan BudgetReadInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>A copy whose prices and budget list can change without changing these (the budgets themselves are shared).</summary>
    internal UsageOptions Copy()
    {
        var copy = new UsageOptions { MetricName = MetricName, BudgetReadInterval = BudgetReadInterval };
        foreach ((string model, UsagePrice price) in Prices)
        {
            copy.Prices[model] = new UsagePrice { InputPerMillion = price.InputPerMillion, OutputPerMillion = price.OutputPerMillion };
        }

        copy.Budgets.AddRange(Budgets);
        return copy;
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        if (!Probes.MetricNames.IsValidMetricName(MetricName))
        {
            throw new ArgumentException($"Instrumentation:Usage:MetricName is '{MetricName}'; start with a letter, then letters, digits, '.', '_', '-' or '/' (default gen_ai.client).", nameof(MetricName));
        }

        foreach ((string model, UsagePrice price) in Prices)
        {
            if (price?.InvalidSetting() is { } setting)
            {
                throw new ArgumentException($"Instrumentation:Usage:Prices:{model}:{setting} is out of range; a price per million tokens is from 0 to {UsagePrice.MaxPerMillion:N0}.", nameof(Prices));
            }
        }

        if (BudgetReadInterval < TimeSpan.FromSeconds(1) || BudgetReadInterval > TimeSpan.FromHours(1))
        {
            throw new ArgumentException($"Instrumentation:Usage:BudgetReadInterval is {BudgetReadInterval}; use 00:00:01 to 01:00:00 (default 00:00:15).", nameof(BudgetReadInterval));
        }

        for (int i = 0; i < Budgets.Count; i++)
        {
            Budgets[i].Validate(i);
            int first = Budgets.FindIndex(b => string.Equals(b.Name, Budgets[i].Name, StringComparison.OrdinalIgnoreCase));
            if (first < i)
            {
                throw new ArgumentException($"Instrumentation:Usage:Budgets:{i}:Name ('{Budgets[i].Name}') is also the name of budget {first}; give each budget its own name (names are compared without case).", nameof(Budgets));
            }
        }
    }
}
