namespace Instrumentation.Alerts;

/// <summary>A rule started firing or resolved: what handlers get and the webhook posts (as camelCase JSON).</summary>
/// <param name="Id">
/// The same for every delivery of this notification, and unique to it (<c>{rule}/{firing since, Unix ms}/{state}</c>): a
/// receiver drops repeats by it, since a webhook retried after a timeout may have been delivered.
/// </param>
/// <param name="Rule">The rule's name.</param>
/// <param name="State"><c>firing</c> or <c>resolved</c>.</param>
/// <param name="Scope"><c>local</c> or <c>fleet</c>.</param>
/// <param name="Instance">The instance that evaluated the rule (the machine and process, or the Redis sink's instance id for fleet rules).</param>
/// <param name="Metric">The metric watched.</param>
/// <param name="Tags">The tags the rule matches.</param>
/// <param name="Field">The field watched.</param>
/// <param name="Window"><c>1m</c>, <c>5m</c> or <c>1h</c>.</param>
/// <param name="Condition">The condition, as configured.</param>
/// <param name="Value">The field's value at this evaluation; null when the window had none.</param>
/// <param name="Baseline">A trend's baseline mean; null for a threshold.</param>
/// <param name="Score">A trend's ratio or z-score; null for a threshold.</param>
/// <param name="FiringSince">When the rule started firing.</param>
/// <param name="At">This evaluation (UTC): when it started firing, or when it resolved.</param>
public sealed record AlertNotification(
    string Id,
    string Rule,
    string State,
    string Scope,
    string Instance,
    string Metric,
    IReadOnlyDictionary<string, string> Tags,
    string Field,
    string Window,
    string Condition,
    double? Value,
    double? Baseline,
    double? Score,
    DateTimeOffset FiringSince,
    DateTimeOffset At);

/// <summary>
/// Told when an alert rule starts firing and when it resolves; register implementations as services
/// (<c>services.AddSingleton&lt;IAlertHandler, MyHandler&gt;()</c>). Called after the evaluation, in turn; an exception
/// it throws is logged and the other handlers are still called. Keep it quick: evaluation waits for it.
/// </summary>
public interface IAlertHandler
{
    /// <summary>Handles one notification.</summary>
    ValueTask OnAlertAsync(AlertNotification notification, CancellationToken cancellationToken);

    /// <summary>
    /// Called once as the host stops, after its last collection was evaluated (which may have notified): finish sending
    /// what was queued, within <paramref name="cancellationToken"/> (the host's shutdown timeout). Nothing by default.
    /// </summary>
    ValueTask FlushAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
