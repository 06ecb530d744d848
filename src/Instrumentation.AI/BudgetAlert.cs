using Instrumentation.Snapshots;

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
    public UsageBudgetExceededException(BudgetSnapshot state)
        : base($"The usage budget '{state?.Name}' is spent for the {state?.Period} from {state?.PeriodStart:O} ({state?.Spent} of {state?.Limit} {state?.Unit}); the call was not sent.")
    {
        State = state;
    }

    /// <summary>The budget as it stood.</summary>
    public BudgetSnapshot? State { get; }
}
