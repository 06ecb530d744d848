namespace Instrumentation.Snapshots;

/// <summary>Says where each usage budget stands, for the snapshot's <c>budgets</c> section (the usage package's budgets are one).</summary>
public interface IBudgetSource
{
    /// <summary>Every budget in its current period.</summary>
    IReadOnlyList<BudgetSnapshot> Budgets { get; }
}
