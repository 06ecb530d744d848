namespace Instrumentation.Alerts.Tests;

/// <summary>Keeps every notification it is told of.</summary>
internal sealed class RecordingAlertHandler : IAlertHandler
{
    private readonly Lock _gate = new();
    private readonly List<AlertNotification> _notifications = [];

    public IReadOnlyList<AlertNotification> Notifications
    {
        get
        {
            lock (_gate)
            {
                return [.. _notifications];
            }
        }
    }

    public ValueTask OnAlertAsync(AlertNotification notification, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _notifications.Add(notification);
        }

        return ValueTask.CompletedTask;
    }
}
