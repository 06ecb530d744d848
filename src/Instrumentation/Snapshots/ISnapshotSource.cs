namespace Instrumentation.Snapshots;

/// <summary>Answers a window with raw per-series aggregates for one <see cref="SnapshotScope"/>.</summary>
public interface ISnapshotSource
{
    /// <summary>The scope this source answers.</summary>
    SnapshotScope Scope { get; }

    /// <summary>One aggregate per series over the last <paramref name="window"/>.</summary>
    ValueTask<IReadOnlyList<SeriesAggregate>> ReadAsync(TimeSpan window, CancellationToken cancellationToken);
}
