using Instrumentation.Windows;

namespace Instrumentation.Snapshots;

/// <summary>The <see cref="SnapshotScope.Local"/> source: this process's in-memory windows.</summary>
public sealed class LocalSnapshotSource : ISnapshotSource
{
    private readonly LocalWindowStore _windows;

    /// <summary>Answers from <paramref name="windows"/>, usually the collector's.</summary>
    public LocalSnapshotSource(LocalWindowStore windows)
    {
        ArgumentNullException.ThrowIfNull(windows);
        _windows = windows;
    }

    /// <inheritdoc />
    public SnapshotScope Scope => SnapshotScope.Local;

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<SeriesAggregate>> ReadAsync(TimeSpan window, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_windows.Read(window));
}
