using System.Diagnostics.CodeAnalysis;
using Instrumentation.Probes;
using Instrumentation.Windows;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Instrumentation.Collection;

/// <summary>
/// Reads the probes of a registry on a timer — only the series that changed since its last pass, so its cost
/// follows activity, not the number of series — turns their cumulative cells into per-series deltas and hands
/// each <see cref="MetricsBatch"/> to the local windows and to every sink. It never touches the hot path:
/// recording threads do not wait for it, and sinks run on their own loops.
/// </summary>
public sealed class InstrumentationCollector : IAsyncDisposable
{
    private readonly ProbeRegistry _registry;
    private readonly CollectorOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SinkPump[] _pumps;
    private readonly Lock _collectGate = new();
    private readonly Dictionary<Series, SeriesState> _states = new(ReferenceEqualityComparer.Instance);
    private readonly long[] _fields = new long[SeriesLayout.MaxFieldCount];
    private readonly BucketScratch _bucketScratch = new();
    private long _readSince;
    private DateTimeOffset _lastCollected;
    private int _conflictsLogged;
    private bool _budgetLogged;
    private ITimer? _timer;
    private bool _disposed;

    /// <summary>Creates a collector; call <see cref="Start"/> to collect on the interval.</summary>
    /// <param name="registry">The probes to read, usually <see cref="ProbeRegistry.Shared"/>.</param>
    /// <param name="sinks">Where batches go besides the local windows.</param>
    /// <param name="options">Interval and retry settings; validated here.</param>
    /// <param name="timeProvider">The clock and timers; <see cref="TimeProvider.System"/> by default.</param>
    /// <param name="logger">Where sink failures and recoveries are logged, once per change.</param>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public InstrumentationCollector(
        ProbeRegistry registry,
        IEnumerable<IInstrumentationSink>? sinks = null,
        CollectorOptions? options = null,
        TimeProvider? timeProvider = null,
        ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        _registry = registry;
        _options = options ?? new CollectorOptions();
        _options.Validate();
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _pumps = [.. (sinks ?? []).Select(s => new SinkPump(s, _options, _time, _logger))];
        _lastCollected = _time.GetUtcNow();
        Windows = new LocalWindowStore(_time);
    }

    /// <summary>The sliding windows of this process, fed with every batch.</summary>
    public LocalWindowStore Windows { get; }

    /// <summary>Starts collecting every <see cref="CollectorOptions.Interval"/>. Calling it again does nothing.</summary>
    public void Start()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        lock (_collectGate)
        {
            _timer ??= _time.CreateTimer(static state => ((InstrumentationCollector)state!).CollectOnTimer(), this, _options.Interval, _options.Interval);
        }
    }

    /// <summary>
    /// Reads every probe now and hands the batch to the windows and, when anything changed, to the
    /// sinks, without waiting for them. Returns the batch.
    /// </summary>
    public MetricsBatch Collect()
    {
        lock (_collectGate)
        {
            return CollectHoldingGate();
        }
    }

    /// <summary>How long <see cref="DisposeAsync"/> lets the sinks finish; <see cref="StopAsync"/> takes the caller's token instead.</summary>
    public static readonly TimeSpan DisposeTimeout = TimeSpan.FromSeconds(10);

    /// <summary>How many series the last pass read (summed their cells); tests prove a pass follows activity with it.</summary>
    internal int SeriesReadLastPass { get; private set; }

    /// <summary>The gate collections hold; internal so tests can hold it while a timer tick arrives.</summary>
    internal Lock CollectGate => _collectGate;

    /// <summary>One pass; the caller holds the gate.</summary>
    private MetricsBatch CollectHoldingGate()
    {
        LogRegistryProblems();

        // Only series stamped since the last pass began are read (see ChangeEpoch); the first pass reads all.
        // The new start is kept only once the scan is done, so a pass that throws midway is read again in full.
        long since = _readSince;
        long started = ChangeEpoch.Advance();
        DateTimeOffset now = _time.GetUtcNow();
        var deltas = new List<SeriesDelta>();
        int read = 0;
        foreach (Probe probe in _registry.Probes)
        {
            foreach (Series series in probe.SeriesSpan)
            {
                if (series.ChangedIn < since && !series.IsObserved)
                {
                    continue;
                }

                read++;
                if (Diff(series) is { } delta)
                {
                    deltas.Add(delta);
                }
            }
        }

        SeriesReadLastPass = read;
        _readSince = started;

        var batch = new MetricsBatch(_lastCollected, now < _lastCollected ? _lastCollected : now, deltas);
        _lastCollected = batch.To;

        // The windows first, so a sink that reads them (the alert rules) sees this collection when it is handed it.
        Windows.Add(batch);
        if (deltas.Count > 0)
        {
            foreach (SinkPump pump in _pumps)
            {
                pump.Offer(batch);
            }
        }

        return batch;
    }

    /// <summary>
    /// Collects now and waits until every sink has made one write attempt of everything pending
    /// (for shutdown and tests). A failing sink does not make this throw: its deltas stay pending.
    /// </summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Collect();
        await Task.WhenAll(_pumps.Select(p => p.FlushAsync(cancellationToken))).ConfigureAwait(false);
    }

    /// <summary>
    /// How many deltas (one per series and time bucket of its <see cref="IInstrumentationSink.Policy"/>) wait for
    /// <paramref name="sink"/>: because it is failing, still writing, or its policy lets them wait.
    /// </summary>
    public int PendingDeltas(IInstrumentationSink sink) =>
        _pumps.FirstOrDefault(p => ReferenceEquals(p.Sink, sink))?.PendingDeltas
        ?? throw new ArgumentException($"The sink '{sink?.Name}' is not one of this collector's sinks.", nameof(sink));

    /// <summary>When <paramref name="sink"/>'s loop last armed its timer to wake, if it has (for tests).</summary>
    internal DateTimeOffset? WakeAt(IInstrumentationSink sink) => _pumps.First(p => ReferenceEquals(p.Sink, sink)).WakeAt;

    /// <summary>When the failed delivery to <paramref name="sink"/> is due to be retried, if one waits (for tests).</summary>
    internal DateTimeOffset? RetryAt(IInstrumentationSink sink) => _pumps.First(p => ReferenceEquals(p.Sink, sink)).RetryAt;

    /// <summary>
    /// Stops the timer, flushes the last deltas to every sink (one write attempt each, until
    /// <paramref name="cancellationToken"/> fires) and stops the sink loops, also only until the token fires: a
    /// sink whose write ignores cancellation is left behind, and what it did not write is logged with its size.
    /// A write cancelled here is not logged as a sink failure. Calling it again does nothing.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        ITimer? timer;
        lock (_collectGate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            timer = _timer;
            _timer = null;
        }

        if (timer is not null)
        {
            await timer.DisposeAsync().ConfigureAwait(false);
        }

        try
        {
            Collect();
            await Task.WhenAll(_pumps.Select(p => p.FlushAsync(cancellationToken))).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutdown ran out of time; each pump logs what its sink did not take.
        }

        // Bounded by the same token: a sink whose write never completes cannot hold up the host.
        await Task.WhenAll(_pumps.Select(p => p.StopAsync(cancellationToken))).ConfigureAwait(false);
        ReleaseHeldStates();
    }

    /// <summary>
    /// Stops collecting and flushes the last deltas to every sink (see <see cref="StopAsync"/>), giving the sinks
    /// at most <see cref="DisposeTimeout"/>.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(DisposeTimeout);
        await StopAsync(timeout.Token).ConfigureAwait(false);
    }

    /// <summary>
    /// A timer tick. When a collection is still running (a long pass, a flush, the previous tick), this one
    /// is skipped rather than queued behind it: ticks never overlap and never park a thread-pool thread on
    /// the gate; what changed meanwhile is read by the next pass.
    /// </summary>
    private void CollectOnTimer()
    {
        if (!_collectGate.TryEnter())
        {
            return;
        }

        try
        {
            CollectHoldingGate();
        }
#pragma warning disable CA1031 // The timer thread must survive anything; the next interval tries again.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            CollectorLog.CollectionFailed(_logger, exception);
        }
        finally
        {
            _collectGate.Exit();
        }
    }

    private void LogRegistryProblems()
    {
        if (!_budgetLogged && _registry.SeriesRefused)
        {
            _budgetLogged = true;
            CollectorLog.SeriesBudgetSpent(_logger, _registry.MaxSeries);
        }

        IReadOnlyList<ProbeConflict> conflicts = _registry.Conflicts;
        for (; _conflictsLogged < conflicts.Count; _conflictsLogged++)
        {
            CollectorLog.ProbeConflict(_logger, conflicts[_conflictsLogged].Message);
        }
    }

    private SeriesDelta? Diff(Series series)
    {
        SeriesLayout layout = series.Layout;
        Span<long> fields = _fields.AsSpan(0, layout.FieldCount);
        series.ReadFields(fields);
        bool isNew = !TryGetState(series, out SeriesState? state);
        if (state is null)
        {
            state = new SeriesState(this, layout.FieldCount);
            if (!series.ClaimCollectorState(state))
            {
                _states.Add(series, state);
            }
        }

        long? value = layout.HasValue ? ReadValue(series, state, fields[layout.ValueField]) : null;
        long timedCalls = 0, timedFailures = 0;
        BucketCount[] buckets = layout.HasDuration ? state.TakeBucketDeltas(series, _bucketScratch, out timedCalls, out timedFailures) : [];

        // A stamped series may not have changed for this collector (another one read it, or a gauge was read
        // again): find that out with one comparison, allocating nothing.
        bool changed = isNew || value != state.LastValue || buckets.Length > 0 || !fields.SequenceEqual(state.LastFields);
        state.LastValue = value;
        if (!changed)
        {
            return null;
        }

        var delta = new SeriesFields(layout.Schema);
        Span<long> counters = delta.InOrder;
        for (int i = 0; i < counters.Length; i++)
        {
            counters[i] = layout.StoredCounter(fields, i) - layout.StoredCounter(state.LastFields, i);
        }

        if (layout.HasDuration && counters.Length > 0)
        {
            counters[0] += timedCalls;
        }

        if (layout.FailuresCounter >= 0)
        {
            counters[layout.FailuresCounter] += timedFailures;
        }

        long durationSum = layout.HasDuration ? fields[layout.DurationSumField] - state.LastFields[layout.DurationSumField] : 0;
        fields.CopyTo(state.LastFields);
        return new SeriesDelta(series.Info, delta, value, durationSum, layout.HasDuration ? buckets : null);
    }

    /// <summary>Gives back the states the series hold for this collector, so a later collector of the registry can hold its own there.</summary>
    private void ReleaseHeldStates()
    {
        lock (_collectGate)
        {
            foreach (Probe probe in _registry.Probes)
            {
                foreach (Series series in probe.SeriesSpan)
                {
                    if (series.CollectorState is SeriesState held && ReferenceEquals(held.Owner, this))
                    {
                        series.ReleaseCollectorState(held);
                    }
                }
            }
        }
    }

    /// <summary>This collector's state of <paramref name="series"/>: held by the series when this collector read it first, else in <see cref="_states"/>.</summary>
    private bool TryGetState(Series series, [NotNullWhen(true)] out SeriesState? state)
    {
        if (series.CollectorState is SeriesState held && ReferenceEquals(held.Owner, this))
        {
            state = held;
            return true;
        }

        return _states.TryGetValue(series, out state);
    }

    private long? ReadValue(Series series, SeriesState state, long storedValue)
    {
        try
        {
            return series.TryObserve(out long observed) ? observed : storedValue;
        }
#pragma warning disable CA1031 // A user's gauge observer must not stop collection.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            if (!state.ObserverFailed)
            {
                state.ObserverFailed = true;
                CollectorLog.GaugeObserverFailed(_logger, series.Info.Metric, exception);
            }

            return state.LastValue;
        }
    }
}
