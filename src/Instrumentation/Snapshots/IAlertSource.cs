namespace Instrumentation.Snapshots;

/// <summary>Says where each alert rule stands, for the snapshot's <c>alerts</c> section (the hosting package's alert rules are one).</summary>
public interface IAlertSource
{
    /// <summary>Every alert rule as of its last evaluation, in configuration order.</summary>
    IReadOnlyList<AlertSnapshot> Alerts { get; }
}
