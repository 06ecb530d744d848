using Instrumentation.Probes;

namespace Instrumentation.Snapshots;

/// <summary>
/// The one snapshot API: asks every source of a scope for the window (and the last hour, for the
/// "last hour" figures), adds their aggregates series by series and computes the snapshot.
/// </summary>
/// <remarks>
/// Concurrent requests for the same scope and window share one computation, and a computed snapshot is handed
/// out again while its sources answer with the very same lists (the local windows do until the next collection),
/// so a storm of readers costs one snapshot per collection. A caller's cancellation stops its own wait; when every
/// waiter has given up, the computation is cancelled (the token reaches the sources) and the next request starts
/// afresh. A source that answers synchronously runs on the thread of the request that started the computation.
/// </remarks>
public sealed class SnapshotService
{
    private readonly ISnapshotSource[] _sources;
    private readonly TimeProvider _time;
    private readonly IBudgetSource? _budgets;
    private readonly IAlertSource? _alerts;
    private readonly Lock _gate = new();
    private readonly Dictionary<(SnapshotScope Scope, string Window), Shared> _latest = [];

    /// <summary>
    /// Serves snapshots from <paramref name="sources"/>, with the budgets of <paramref name="budgets"/> and the alert rules of
    /// <paramref name="alerts"/> when given.
    /// </summary>
    public SnapshotService(IEnumerable<ISnapshotSource> sources, TimeProvider? timeProvider = null, IBudgetSource? budgets = null, IAlertSource? alerts = null)
    {
        ArgumentNullException.ThrowIfNull(sources);
        _sources = [.. sources];
        _time = timeProvider ?? TimeProvider.System;
        _budgets = budgets;
        _alerts = alerts;
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

        Shared shared;
        bool start = false;
        lock (_gate)
        {
            Shared? latest = _latest.GetValueOrDefault((scope, window.Name));
            if (latest is null || latest.Completion.Task.IsCompleted)
            {
                shared = new Shared(latest is { Completion.Task.IsCompletedSuccessfully: true } ? latest.Completion.Task.Result : null);
                _latest[(scope, window.Name)] = shared;
                start = true;
            }
            else
            {
                shared = latest;
            }

            shared.Waiters++;
        }

        if (start)
        {
            // Not awaited here: the caller that started it waits like the others, so its cancellation ends only its wait.
            _ = CompleteAsync(shared, sources, window, scope);
        }

        try
        {
            InstrumentationSnapshot snapshot = (await shared.Completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false)).Snapshot;

            // Budgets and alert rules are evaluated after a collection, beside the windows, not from them: a snapshot
            // reused until the next collection takes them as they stand now, not as they stood when it was computed.
            return _budgets is null && _alerts is null
                ? snapshot
                : snapshot with { Budgets = _budgets?.Budgets ?? [], Alerts = _alerts?.Alerts ?? [] };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Leave(shared, (scope, window.Name));
            throw;
        }
    }

    /// <summary>
    /// A waiter gave up. When it was the last, the computation is cancelled (a stalled source read stops) and
    /// forgotten, so the next request asks the sources again.
    /// </summary>
    private void Leave(Shared shared, (SnapshotScope, string) key)
    {
        lock (_gate)
        {
            if (--shared.Waiters > 0 || shared.Completion.Task.IsCompleted)
            {
                return;
            }

            if (_latest.GetValueOrDefault(key) == shared)
            {
                _latest.Remove(key);
            }
        }

        // Callbacks a source registered run off this caller's thread; whatever they throw is not this caller's.
        _ = shared.Cancellation.CancelAsync();
    }

    private async Task CompleteAsync(Shared shared, ISnapshotSource[] sources, SnapshotWindow window, SnapshotScope scope)
    {
        try
        {
            shared.Completion.TrySetResult(await ComputeAsync(sources, window, scope, shared.Previous, shared.Cancellation.Token).ConfigureAwait(false));
        }
#pragma warning disable CA1031 // Handed to every caller sharing the computation.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            shared.Completion.TrySetException(exception);
        }
    }

    private async Task<Computed> ComputeAsync(ISnapshotSource[] sources, SnapshotWindow window, SnapshotScope scope, Computed? previous, CancellationToken cancellationToken)
    {
        DateTimeOffset at = _time.GetUtcNow();
        IReadOnlyList<SeriesAggregate>[] inWindow = await ReadAllAsync(sources, window.Duration, cancellationToken).ConfigureAwait(false);
        // The last hour feeds only the token and cache "last hour" figures of series in the window.
        IReadOnlyList<SeriesAggregate>[] lastHour = window == SnapshotWindow.OneHour || !inWindow.Any(NeedsLastHour)
            ? inWindow
            : await ReadAllAsync(sources, SnapshotWindow.OneHour.Duration, cancellationToken).ConfigureAwait(false);
        if (previous is not null && SameLists(previous.InWindow, inWindow) && SameLists(previous.LastHour, lastHour))
        {
            return previous;
        }

        InstrumentationSnapshot snapshot = SnapshotBuilder.Build(window, scope, at, Merge(inWindow), Merge(lastHour));
        return new Computed(inWindow, lastHour, snapshot);
    }

    /// <summary>Each source's answer, read in turn, until every waiter of the computation has given up.</summary>
    private static async Task<IReadOnlyList<SeriesAggregate>[]> ReadAllAsync(ISnapshotSource[] sources, TimeSpan window, CancellationToken cancellationToken)
    {
        var answers = new IReadOnlyList<SeriesAggregate>[sources.Length];
        for (int i = 0; i < sources.Length; i++)
        {
            answers[i] = await sources[i].ReadAsync(window, cancellationToken).ConfigureAwait(false);
        }

        return answers;
    }

    private static bool NeedsLastHour(IReadOnlyList<SeriesAggregate> answer) =>
        answer.Any(a => SnapshotBuilder.ShowsLastHour(a.Series.Kind));

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
        if (answers.Length == 1 && !HasRepeatedSeries(answers[0]))
        {
            return answers[0];
        }

        // Keyed by kind too: a metric redeployed as another kind with the same tags has the same key, and a
        // source that kept the old kind (the history) answers it next to one with the new kind.
        var byKey = new Dictionary<(string Key, ProbeKind Kind), SeriesAggregate>();
        foreach (IReadOnlyList<SeriesAggregate> answer in answers)
        {
            foreach (SeriesAggregate aggregate in answer)
            {
                if (!byKey.TryGetValue((aggregate.Series.Key, aggregate.Series.Kind), out SeriesAggregate? merged))
                {
                    merged = new SeriesAggregate(aggregate.Series, TimeSpan.Zero);
                    byKey.Add((aggregate.Series.Key, aggregate.Series.Kind), merged);
                }

                merged.Add(aggregate);
            }
        }

        return [.. byKey.Values];
    }

    private static bool HasRepeatedSeries(IReadOnlyList<SeriesAggregate> answer)
    {
        var seen = new HashSet<(string, ProbeKind)>(answer.Count);
        foreach (SeriesAggregate aggregate in answer)
        {
            if (!seen.Add((aggregate.Series.Key, aggregate.Series.Kind)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>One computation of a scope and window, shared by the requests that wait for it.</summary>
    private sealed class Shared(Computed? previous)
    {
        /// <summary>The snapshot computed before, reused when the sources answer with the same lists.</summary>
        public Computed? Previous { get; } = previous;

        public TaskCompletionSource<Computed> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Cancelled when every waiter has given up.</summary>
        public CancellationTokenSource Cancellation { get; } = new();

        /// <summary>Requests waiting; changed under the service's gate.</summary>
        public int Waiters { get; set; }
    }

    /// <summary>A snapshot with the source answers it was built from.</summary>
    private sealed record Computed(IReadOnlyList<SeriesAggregate>[] InWindow, IReadOnlyList<SeriesAggregate>[] LastHour, InstrumentationSnapshot Snapshot);
}
