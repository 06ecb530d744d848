namespace Instrumentation.AI;

/// <summary>A budget crossed one of its thresholds in a period.</summary>
/// <param name="Budget">The budget's name.</param>
/// <param name="Period">Its period.</param>
/// <param name="PeriodStart">When the period began (UTC).</param>
/// <param name="ThresholdPercent">The threshold crossed, in percent of the limit.</param>
/// <param name="Spent">What was spent in the period so far, in the limit's unit.</param>
/// <param name="Limit">The limit, in currency units or tokens.</param>
/// <param name="Unit"><c>cost</c> or <c>tokens</c>.</param>
public sealed record BudgetAlert(string Budget, BudgetPeriod Period, DateTimeOffset PeriodStart, int ThresholdPercent, decimal Spent, decimal Limit, string Unit);

/// <summary>Where a budget stands in its current period.</summary>
/// <param name="Budget">The budget's name.</param>
/// <param name="Period">Its period.</param>
/// <param name="PeriodStart">When the current period began (UTC).</param>
/// <param name="Spent">What was spent in it, in the limit's unit.</param>
/// <param name="Limit">The limit.</param>
/// <param name="Unit"><c>cost</c> or <c>tokens</c>.</param>
/// <param name="Percent">Spent ÷ limit in percent, to two decimals.</param>
/// <param name="State"><c>ok</c> below the first threshold, <c>warning</c> past it, <c>exhausted</c> at or past the limit.</param>
public sealed record BudgetState(string Budget, BudgetPeriod Period, DateTimeOffset PeriodStart, decimal Spent, decimal Limit, string Unit, double Percent, string State);

/// <summary>Told when a budget crosses a threshold; register implementations as services. Called after the collection that crossed it; an exception it throws is logged and ignored.</summary>
public interface IUsageBudgetHandler
{
    /// <summary>Handles one crossing.</summary>
    ValueTask OnThresholdCrossedAsync(BudgetAlert alert, CancellationToken cancellationToken);
}

/// <summary>Thrown by the chat client middleware, before sending a call, when an enforced budget that covers it is spent.</summary>
public sealed class UsageBudgetExceededException : InvalidOperationException
{
    /// <summary>Creates the exception for <paramref name="state"/>.</summary>
    public UsageBudgetExceededException(BudgetState state)
        : base($"The usage budget '{state?.Budget}' is spent for the {state?.Period.ToString().ToLowerInvariant()} from {state?.PeriodStart:O} ({state?.Spent} of {state?.Limit} {state?.Unit}); the call was not sent.")
    {
        State = state;
    }

    /// <summary>The budget as it stood.</summary>
    public BudgetState? State { get; }
}
