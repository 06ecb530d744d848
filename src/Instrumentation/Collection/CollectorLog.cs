using Microsoft.Extensions.Logging;

namespace Instrumentation.Collection;

/// <summary>What the collector tells the app's log; each state change once, never once per flush.</summary>
internal static partial class CollectorLog
{
    [LoggerMessage(1, LogLevel.Warning, "Instrumentation sink '{Sink}' failed; its deltas stay pending ({PendingDeltas} series deltas) and are retried with backoff. Further failures are not logged until it recovers.")]
    public static partial void SinkFailing(ILogger logger, string sink, int pendingDeltas, Exception exception);

    [LoggerMessage(2, LogLevel.Information, "Instrumentation sink '{Sink}' recovered; pending deltas were written.")]
    public static partial void SinkRecovered(ILogger logger, string sink);

    [LoggerMessage(3, LogLevel.Warning, "The observer of gauge '{Metric}' threw; its value is skipped until it returns one. This is logged once per gauge.")]
    public static partial void GaugeObserverFailed(ILogger logger, string metric, Exception exception);

    [LoggerMessage(4, LogLevel.Error, "Instrumentation collection failed; the next interval tries again.")]
    public static partial void CollectionFailed(ILogger logger, Exception exception);

    [LoggerMessage(5, LogLevel.Error, "{Conflict}")]
    public static partial void ProbeConflict(ILogger logger, string conflict);

    [LoggerMessage(6, LogLevel.Warning, "Instrumentation created its {MaxSeries} series (Instrumentation:MaxSeries); new tag values of every probe now count in that probe's __overflow__ series. Totals stay exact. Look for a tag fed with unbounded values (ids, free text), or raise the budget. This is logged once.")]
    public static partial void SeriesBudgetSpent(ILogger logger, int maxSeries);

    [LoggerMessage(7, LogLevel.Warning, "Instrumentation sink '{Sink}' stopped with {UnwrittenDeltas} series deltas unwritten: {Reason}.")]
    public static partial void SinkStoppedUnwritten(ILogger logger, string sink, int unwrittenDeltas, string reason);
}
