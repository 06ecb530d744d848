namespace Instrumentation.AI.Tests;

/// <summary>Keeps every threshold crossing it is told of, in order.</summary>
internal sealed class RecordingBudgetHandler : IUsageBudgetHandler
{
    private readonly Lock _gate = new();
    private readonly List<BudgetAlert> _alerts = [];

    public IReadOnlyList<BudgetAlert> Alerts
    {
        get
        {
            lock (_gate)
            {
                return [.. _alerts];
            }
        }
    }

    public ValueTask OnThresholdCrossedAsync(BudgetAlert alert, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _alerts.Add(alert);
        }

        return ValueTask.CompletedTask;
    }
}
