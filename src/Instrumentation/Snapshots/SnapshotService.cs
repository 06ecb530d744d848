namespace Instrumentation.Snapshots;

/// <summary>
/// The one snapshot API: asks every source of a scope for the window (and the last hour, for the
/// "last hour" figures), adds their aggregates series by series and computes the snapshot.
/// </summary>
public sealed class SnapshotService
{
    private readonly ISnapshotSource[] _sources;
    private readonly TimeProvider _time;

    /// <summary>Serves snapshots from <paramref name="sources"/>.</summary>
    public SnapshotService(IEnumerable<ISnapshotSource> sources, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(sources);
        _sources = [.. sources];
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Whether some source answers <paramref name="scope"/>.</summary>
    public bool Supports(SnapshotScope scope) => _sources.Any(s => s.Scope == scope);

    /// <summary>The snapshot of <paramref name="window"/> in <paramref name="scope"/>.</summary>
    /// <exception cref="SnapshotScopeNotConfiguredException">No source answers <paramref name="scope"/>.</exception>
    public async ValueTask<InstrumentationSnapshot> GetSnapshotAsync(SnapshotWindow window, SnapshotScope scope = SnapshotScope.Local, CancellationToken cancellationToken = default)
    {
        if (window.Name is null)
        {
            throw new ArgumentException("Use one of SnapshotWindow.OneMinute, FiveMinutes or OneHour.", nameof(window));
        }

        ISnapshotSource[] sources = [.. _sources.Where(s => s.Scope == scope)];
        if (sources.Length == 0)
        {
            throw new SnapshotScopeNotConfiguredException(scope);
        }

        DateTimeOffset at = _time.GetUtcNow();
        IReadOnlyList<SeriesAggregate> inWindow = await ReadMergedAsync(sources, window.Duration, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<SeriesAggregate> lastHour = window == SnapshotWindow.OneHour
            ? inWindow
            : await ReadMergedAsync(sources, SnapshotWindow.OneHour.Duration, cancellationToken).ConfigureAwait(false);
        return SnapshotBuilder.Build(window, scope, at, inWindow, lastHour);
    }

    private static async Task<IReadOnlyList<SeriesAggregate>> ReadMergedAsync(ISnapshotSource[] sources, TimeSpan window, CancellationToken cancellationToken)
    {
        var byKey = new Dictionary<string, SeriesAggregate>(StringComparer.Ordinal);
        foreach (ISnapshotSource source in sources)
        {
            foreach (SeriesAggregate aggregate in await source.ReadAsync(window, cancellationToken).ConfigureAwait(false))
            {
                if (byKey.TryGetValue(aggregate.Series.Key, out SeriesAggregate? merged))
                {
                    merged.Add(aggregate);
                }
                else
                {
                    byKey.Add(aggregate.Series.Key, aggregate);
                }
            }
        }

        return [.. byKey.Values];
    }
}
