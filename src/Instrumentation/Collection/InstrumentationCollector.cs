using Instrumentation.Probes;
using Instrumentation.Windows;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Instrumentation.Collection;

/// <summary>
/// Reads every probe of a registry on a timer, turns the cumulative cells into per-series deltas and
/// hands each <see cref="MetricsBatch"/> to the local windows and to every sink. It never touches
/// the hot path: recording threads do not wait for it, and sinks run on their own loops.
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
    private readonly long[] _totals = new long[SeriesLayout.Endpoint.FieldCount];
    private DateTimeOffset _lastCollected;
    private int _conflictsLogged;
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

    /// <summary>The gate collections hold; internal so tests can hold it while a timer tick arrives.</summary>
    internal Lock CollectGate => _collectGate;

    /// <summary>One pass; the caller holds the gate.</summary>
    private MetricsBatch CollectHoldingGate()
    {
        LogNewConflicts();
        DateTimeOffset now = _time.GetUtcNow();
        var deltas = new List<SeriesDelta>();
        foreach (Probe probe in _registry.Probes)
        {
            foreach (Series series in probe.Series)
            {
                if (Diff(series) is { } delta)
                {
                    deltas.Add(delta);
                }
            }
        }

        var batch = new MetricsBatch(_lastCollected, now < _lastCollected ? _lastCollected : now, deltas);
        _lastCollected = batch.To;
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

    /// <summary>How many series wait for <paramref name="sink"/>, because it is failing or still writing.</summary>
    public int PendingSeries(IInstrumentationSink sink) =>
        _pumps.FirstOrDefault(p => ReferenceEquals(p.Sink, sink))?.PendingSeries
        ?? throw new ArgumentException($"The sink '{sink?.Name}' is not one of this collector's sinks.", nameof(sink));

    /// <summary>
    /// Stops the timer, flushes the last deltas to every sink (one write attempt each, until
    /// <paramref name="cancellationToken"/> fires) and stops the sink loops. Calling it again does nothing.
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
            // Shutdown ran out of time; what a sink did not take stays unwritten.
        }

        foreach (SinkPump pump in _pumps)
        {
            await pump.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Stops collecting and flushes the last deltas to every sink (see <see cref="StopAsync"/>).</summary>
    public ValueTask DisposeAsync() => new(StopAsync());

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

    private void LogNewConflicts()
    {
        IReadOnlyList<ProbeConflict> conflicts = _registry.Conflicts;
        for (; _conflictsLogged < conflicts.Count; _conflictsLogged++)
        {
            CollectorLog.ProbeConflict(_logger, conflicts[_conflictsLogged].Message);
        }
    }

    private SeriesDelta? Diff(Series series)
    {
        SeriesLayout layout = series.Layout;
        Span<long> totals = _totals.AsSpan(0, layout.FieldCount);
        series.ReadTotals(totals);
        if (!_states.TryGetValue(series, out SeriesState? state))
        {
            state = new SeriesState(layout.FieldCount);
            _states.Add(series, state);
        }

        long? value = layout.HasValue ? ReadValue(series, state, totals[layout.ValueField]) : null;

        // Most series are idle most intervals: find that out with one comparison, allocating nothing.
        bool changed = state.IsNew || value != state.LastValue || !totals.SequenceEqual(state.Last);
        state.IsNew = false;
        state.LastValue = value;
        if (!changed)
        {
            return null;
        }

        var counters = new long[layout.CounterCount];
        for (int i = 0; i < counters.Length; i++)
        {
            counters[i] = layout.Counter(totals, i) - layout.Counter(state.Last, i);
        }

        long durationSum = 0;
        BucketCount[]? buckets = null;
        if (layout.HasDuration)
        {
            durationSum = totals[layout.DurationSumField] - state.Last[layout.DurationSumField];
            buckets = BucketDeltas(totals[layout.FirstBucketField..], state.Last.AsSpan(layout.FirstBucketField));
        }

        totals.CopyTo(state.Last);
        return new SeriesDelta(series.Info, counters, value, durationSum, buckets);
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

    private static BucketCount[] BucketDeltas(ReadOnlySpan<long> totals, ReadOnlySpan<long> last)
    {
        int nonEmpty = 0;
        for (int i = 0; i < totals.Length; i++)
        {
            nonEmpty += totals[i] != last[i] ? 1 : 0;
        }

        if (nonEmpty == 0)
        {
            return [];
        }

        var buckets = new BucketCount[nonEmpty];
        for (int i = 0, n = 0; i < totals.Length; i++)
        {
            if (totals[i] != last[i])
            {
                buckets[n++] = new BucketCount(i, totals[i] - last[i]);
            }
        }

        return buckets;
    }

    /// <summary>What the collector last read of one series.</summary>
    private sealed class SeriesState(int fieldCount)
    {
        public long[] Last { get; } = new long[fieldCount];

        public long? LastValue { get; set; }

        public bool IsNew { get; set; } = true;

        public bool ObserverFailed { get; set; }
    }
}
