namespace Instrumentation.Snapshots;

/// <summary>
/// The one snapshot API: asks every source of a scope for the window (and the last hour, for the
/// "last hour" figures), adds their aggregates series by series and computes the snapshot.
/// </summary>
/// <remarks>
/// Concurrent requests for the same scope and window share one computation, and a computed snapshot is handed
/// out again while its sources answer with the very same lists (the local windows do until the next collection),
/// so a storm of readers costs one snapshot per collection. A caller's cancellation stops its own wait, not the
/// shared computation.
/// </remarks>
public sealed class SnapshotService
{
    private readonly ISnapshotSource[] _sources;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly Dictionary<(SnapshotScope Scope, string Window), Task<Computed>> _latest = [];

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

        TaskCompletionSource<Computed>? mine = null;
        Computed? previous = null;
        Task<Computed> computing;
        lock (_gate)
        {
            Task<Computed>? latest = _latest.GetValueOrDefault((scope, window.Name));
            if (latest is null || latest.IsCompleted)
            {
                previous = latest is { IsCompletedSuccessfully: true } ? latest.Result : null;
                mine = new TaskCompletionSource<Computed>(TaskCreationOptions.RunContinuationsAsynchronously);
                _latest[(scope, window.Name)] = mine.Task;
            }

            computing = mine?.Task ?? latest!;
        }

        if (mine is not null)
        {
            // Not awaited here: the caller that started it waits like the others, so its cancellation ends only its wait.
            _ = CompleteAsync(mine, sources, window, scope, previous);
        }

        return (await computing.WaitAsync(cancellationToken).ConfigureAwait(false)).Snapshot;
    }

    private async Task CompleteAsync(TaskCompletionSource<Computed> completion, ISnapshotSource[] sources, SnapshotWindow window, SnapshotScope scope, Computed? previous)
    {
        try
        {
            completion.SetResult(await ComputeAsync(sources, window, scope, previous).ConfigureAwait(false));
        }
#pragma warning disable CA1031 // Handed to every caller sharing the computation.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            completion.SetException(exception);
        }
    }

    private async Task<Computed> ComputeAsync(ISnapshotSource[] sources, SnapshotWindow window, SnapshotScope scope, Computed? previous)
    {
        DateTimeOffset at = _time.GetUtcNow();
        IReadOnlyList<SeriesAggregate>[] inWindow = await ReadAllAsync(sources, window.Duration).ConfigureAwait(false);
        IReadOnlyList<SeriesAggregate>[] lastHour = window == SnapshotWindow.OneHour
            ? inWindow
            : await ReadAllAsync(sources, SnapshotWindow.OneHour.Duration).ConfigureAwait(false);
        if (previous is not null && SameLists(previous.InWindow, inWindow) && SameLists(previous.LastHour, lastHour))
        {
            return previous;
        }

        InstrumentationSnapshot snapshot = SnapshotBuilder.Build(window, scope, at, Merge(inWindow), Merge(lastHour));
        return new Computed(inWindow, lastHour, snapshot);
    }

    /// <summary>Each source's answer, read in turn; shared computations do not take a caller's cancellation.</summary>
    private static async Task<IReadOnlyList<SeriesAggregate>[]> ReadAllAsync(ISnapshotSource[] sources, TimeSpan window)
    {
        var answers = new IReadOnlyList<SeriesAggregate>[sources.Length];
        for (int i = 0; i < sources.Length; i++)
        {
            answers[i] = await sources[i].ReadAsync(window, CancellationToken.None).ConfigureAwait(false);
        }

        return answers;
    }

    private static bool SameLists(IReadOnlyList<SeriesAggregate>[] a, IReadOnlyList<SeriesAggregate>[] b)
    {
        for (int i = 0; i < a.Length; i++)
        {
            if (!ReferenceEquals(a[i], b[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Adds the answers series by series into new aggregates; the sources' own are never changed (they may be shared).</summary>
    private static IReadOnlyList<SeriesAggregate> Merge(IReadOnlyList<SeriesAggregate>[] answers)
    {
        if (answers.Length == 1)
        {
            return answers[0];
        }

        var byKey = new Dictionary<string, SeriesAggregate>(StringComparer.Ordinal);
        foreach (IReadOnlyList<SeriesAggregate> answer in answers)
        {
            foreach (SeriesAggregate aggregate in answer)
            {
                if (!byKey.TryGetValue(aggregate.Series.Key, out SeriesAggregate? merged))
                {
                    merged = new SeriesAggregate(aggregate.Series, TimeSpan.Zero);
                    byKey.Add(aggregate.Series.Key, merged);
                }

                merged.Add(aggregate);
            }
        }

        return [.. byKey.Values];
    }

    /// <summary>A snapshot with the source answers it was built from.</summary>
    private sealed record Computed(IReadOnlyList<SeriesAggregate>[] InWindow, IReadOnlyList<SeriesAggregate>[] LastHour, InstrumentationSnapshot Snapshot);
}
