using Microsoft.Extensions.Logging;

namespace Instrumentation.Collection;

/// <summary>
/// Delivers batches to one sink on its own loop, so a slow or failing sink never holds up the
/// collector or another sink, and paces them by the sink's <see cref="SinkPolicy"/>. Each delivery has a
/// <see cref="MetricsBatch.DeliveryId"/> and holds one time bucket. A failed one is kept and retried unchanged after
/// a growing, jittered delay, while newer deltas add up per series and time bucket (see <see cref="PendingDeltas"/>).
/// </summary>
internal sealed class SinkPump
{
    private readonly IInstrumentationSink _sink;
    private readonly CollectorOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly PendingDeltas _pending;
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ITimer _dueTimer;
    private readonly Task _loop;
    private List<TaskCompletionSource>? _flushWaiters;
    private MetricsBatch? _writing;
    private MetricsBatch? _retry;
    private TimeSpan _nextRetryDelay;
    private DateTimeOffset _retryAt = DateTimeOffset.MinValue;
    private DateTimeOffset _lastWrittenAt = DateTimeOffset.MinValue;
    private DateTimeOffset? _wakeAt;
    private bool _failing;

    public SinkPump(IInstrumentationSink sink, CollectorOptions options, TimeProvider time, ILogger logger)
    {
        _sink = sink;
        _options = options;
        _time = time;
        _logger = logger;
        sink.Policy.Validate();
        _pending = new PendingDeltas(sink.Policy);
        _nextRetryDelay = options.RetryDelay;
        _dueTimer = time.CreateTimer(static state => ((SinkPump)state!).Wake(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _loop = Task.Run(RunAsync);
        if (sink.Policy.Heartbeat > TimeSpan.Zero)
        {
            Wake();
        }
    }

    public IInstrumentationSink Sink => _sink;

    /// <summary>How many deltas (one per series and time bucket) are not written yet: in the delivery being written or to retry, or newer.</summary>
    public int PendingDeltas
    {
        get
        {
            lock (_gate)
            {
                return Unwritten(_retry ?? _writing);
            }
        }
    }

    /// <summary>When the due timer was last armed to wake the loop, for pending deltas or a heartbeat (for tests: a fake clock may move only after it is).</summary>
    internal DateTimeOffset? WakeAt
    {
        get
        {
            lock (_gate)
            {
                return _wakeAt;
            }
        }
    }

    /// <summary>When the failed delivery is due to be retried; <see langword="null"/> when none waits (for tests).</summary>
    internal DateTimeOffset? RetryAt
    {
        get
        {
            lock (_gate)
            {
                return _retry is null ? null : _retryAt;
            }
        }
    }

    /// <summary>Queues a batch; returns at once.</summary>
    public void Offer(MetricsBatch batch)
    {
        lock (_gate)
        {
            _pending.Add(batch, _time.GetUtcNow());
        }

        Wake();
    }

    /// <summary>
    /// Makes one write attempt of everything pending now — the delivery to retry, even while backing off, then the
    /// newer deltas — and completes when it has been made, whether or not the sink accepted it.
    /// </summary>
    public Task FlushAsync(CancellationToken cancellationToken)
    {
        var attempted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            (_flushWaiters ??= []).Add(attempted);
        }

        Wake();
        return attempted.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Cancels the write in progress and stops the loop, waiting for it until <paramref name="cancellationToken"/>
    /// fires: a sink that ignores cancellation cannot hold up shutdown. Whatever is left unwritten is logged
    /// with its size, once. Called once, by the collector's own (once-only) stop.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        bool stopped = true;
        try
        {
            await _loop.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The loop is still inside the sink's write; it is left to finish (or not) on its own.
            stopped = false;
        }

        int unwritten;
        lock (_gate)
        {
            unwritten = Unwritten(_retry ?? _writing);
        }

        if (unwritten > 0)
        {
            CollectorLog.SinkStoppedUnwritten(_logger, _sink.Name, unwritten, stopped && _failing ? "its writes were failing" : "its last write did not finish before shutdown ran out of time");
        }

        if (stopped)
        {
            await _dueTimer.DisposeAsync().ConfigureAwait(false);
            _stop.Dispose();
            _wake.Dispose();
        }
    }

    private void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (ObjectDisposedException)
        {
            // The pump stopped; nothing left to wake.
        }
    }

    private async Task RunAsync()
    {
        try
        {
            while (true)
            {
                await _wake.WaitAsync(_stop.Token).ConfigureAwait(false);
                List<TaskCompletionSource>? waiters;
                lock (_gate)
                {
                    waiters = _flushWaiters;
                    _flushWaiters = null;
                }

                // The delivery to retry first (when due, or when flushing), unchanged; after a success, the newer deltas
                // bucket by bucket, as long as they are due.
                bool flushing = waiters is not null;
                MetricsBatch? batch = Next(flushing);
                while (batch is not null && await WriteAsync(batch).ConfigureAwait(false))
                {
                    batch = Next(flushing);
                }

                waiters?.ForEach(w => w.TrySetResult());
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            lock (_gate)
            {
                _flushWaiters?.ForEach(w => w.TrySetResult());
                _flushWaiters = null;
            }
        }
    }

    /// <summary>
    /// The delivery to make now: the one to retry once it is due (or now, when flushing), else the oldest bucket of newer
    /// deltas once the policy says they are due (or now, when flushing), else an empty delivery when the policy's heartbeat
    /// is due. When nothing is due yet, wakes the loop when something will be.
    /// </summary>
    private MetricsBatch? Next(bool flushing)
    {
        lock (_gate)
        {
            DateTimeOffset now = _time.GetUtcNow();
            if (_retry is not null)
            {
                return _writing = flushing || now >= _retryAt ? _retry : null;
            }

            if ((flushing || _pending.IsDue(now)) && _pending.Take() is { } due)
            {
                return _writing = due;
            }

            if (!_pending.IsEmpty)
            {
                _wakeAt = _pending.OldestAddedAt + _sink.Policy.MaxLatency;
                _dueTimer.Change(_wakeAt.Value - now, Timeout.InfiniteTimeSpan);
            }
            else if (_sink.Policy.Heartbeat > TimeSpan.Zero)
            {
                // Nothing to write: a heartbeat (an empty delivery) when the last write is a heartbeat old, else wake then.
                TimeSpan sinceWritten = _lastWrittenAt == DateTimeOffset.MinValue ? TimeSpan.MaxValue : now - _lastWrittenAt;
                if (sinceWritten >= _sink.Policy.Heartbeat)
                {
                    return _writing = new MetricsBatch(now, now, [], Guid.CreateVersion7());
                }

                _wakeAt = _lastWrittenAt + _sink.Policy.Heartbeat;
                _dueTimer.Change(_wakeAt.Value - now, Timeout.InfiniteTimeSpan);
            }

            return null;
        }
    }

    /// <summary>Writes one delivery; whether the sink took it. A failure keeps it, unchanged, for a retry after a growing, jittered delay.</summary>
    private async Task<bool> WriteAsync(MetricsBatch batch)
    {
        try
        {
            await _sink.WriteAsync(batch, _stop.Token).ConfigureAwait(false);
            lock (_gate)
            {
                _retry = null;
                _lastWrittenAt = _time.GetUtcNow();
            }

            _nextRetryDelay = _options.RetryDelay;
            if (_failing)
            {
                _failing = false;
                CollectorLog.SinkRecovered(_logger, _sink.Name);
            }

            return true;
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Shutdown cancelled the write: not a failure. The delivery is counted as unwritten.
            lock (_gate)
            {
                _retry = batch;
            }

            return false;
        }
#pragma warning disable CA1031 // A sink failure must never reach the app: the delivery is kept and retried.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            TimeSpan wait = Jittered(_nextRetryDelay);
            int pendingDeltas;
            lock (_gate)
            {
                _retry = batch;
                _retryAt = _time.GetUtcNow() + wait;
                _dueTimer.Change(wait, Timeout.InfiniteTimeSpan);
                pendingDeltas = Unwritten(batch);
            }

            _nextRetryDelay = TimeSpan.FromTicks(Math.Min(_nextRetryDelay.Ticks * 2, _options.MaxRetryDelay.Ticks));
            if (!_failing)
            {
                _failing = true;
                CollectorLog.SinkFailing(_logger, _sink.Name, pendingDeltas, exception);
            }

            return false;
        }
        finally
        {
            lock (_gate)
            {
                _writing = null;
            }
        }
    }

    /// <summary>Half the delay plus a random part of the other half, so instances that failed together do not retry together.</summary>
    private static TimeSpan Jittered(TimeSpan delay) => (delay / 2) + TimeSpan.FromTicks(Random.Shared.NextInt64((delay.Ticks / 2) + 1));

    /// <summary>The deltas in <paramref name="undelivered"/> and the newer ones; the caller holds the gate.</summary>
    private int Unwritten(MetricsBatch? undelivered) => _pending.Count + (undelivered?.Deltas.Count ?? 0);
}
