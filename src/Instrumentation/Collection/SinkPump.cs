using Microsoft.Extensions.Logging;

namespace Instrumentation.Collection;

/// <summary>
/// Delivers batches to one sink on its own loop, so a slow or failing sink never holds up the
/// collector or another sink. While a write runs or the sink is backing off, new batches coalesce
/// into one pending batch; a failed write is put back in front of them and retried.
/// </summary>
internal sealed class SinkPump : IAsyncDisposable
{
    private readonly IInstrumentationSink _sink;
    private readonly CollectorOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly PendingBatch _pending = new();
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ITimer _retryTimer;
    private readonly Task _loop;
    private List<TaskCompletionSource>? _flushWaiters;
    private MetricsBatch? _writing;
    private TimeSpan _nextRetryDelay;
    private DateTimeOffset _retryAt = DateTimeOffset.MinValue;
    private bool _failing;

    public SinkPump(IInstrumentationSink sink, CollectorOptions options, TimeProvider time, ILogger logger)
    {
        _sink = sink;
        _options = options;
        _time = time;
        _logger = logger;
        _nextRetryDelay = options.RetryDelay;
        _retryTimer = time.CreateTimer(static state => ((SinkPump)state!).Wake(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _loop = Task.Run(RunAsync);
    }

    public IInstrumentationSink Sink => _sink;

    /// <summary>How many series wait to be written.</summary>
    public int PendingSeries
    {
        get
        {
            lock (_gate)
            {
                return _pending.SeriesCount;
            }
        }
    }

    /// <summary>Queues a batch; returns at once.</summary>
    public void Offer(MetricsBatch batch)
    {
        lock (_gate)
        {
            _pending.AddNewer(batch);
        }

        Wake();
    }

    /// <summary>
    /// Makes one write attempt of everything pending now, even while backing off, and completes when
    /// it has been made — whether or not the sink accepted it.
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
    /// with its size, once.
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
            unwritten = _pending.SeriesCount + (_writing?.Deltas.Count ?? 0);
        }

        if (unwritten > 0)
        {
            CollectorLog.SinkStoppedUnwritten(_logger, _sink.Name, unwritten);
        }

        if (stopped)
        {
            await _retryTimer.DisposeAsync().ConfigureAwait(false);
            _stop.Dispose();
            _wake.Dispose();
        }
    }

    public ValueTask DisposeAsync() => new(StopAsync(CancellationToken.None));

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
                MetricsBatch? batch;
                lock (_gate)
                {
                    waiters = _flushWaiters;
                    _flushWaiters = null;
                    if (waiters is null && _time.GetUtcNow() < _retryAt)
                    {
                        continue;
                    }

                    batch = _pending.Take();
                }

                if (batch is not null)
                {
                    Volatile.Write(ref _writing, batch);
                    await WriteAsync(batch).ConfigureAwait(false);
                    Volatile.Write(ref _writing, null);
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

    private async Task WriteAsync(MetricsBatch batch)
    {
        try
        {
            await _sink.WriteAsync(batch, _stop.Token).ConfigureAwait(false);
            _nextRetryDelay = _options.RetryDelay;
            _retryAt = DateTimeOffset.MinValue;
            if (_failing)
            {
                _failing = false;
                CollectorLog.SinkRecovered(_logger, _sink.Name);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Shutdown cancelled the write: not a failure. The batch stays pending and is counted as unwritten.
            lock (_gate)
            {
                _pending.AddOlder(batch);
            }
        }
#pragma warning disable CA1031 // A sink failure must never reach the app: the batch is kept and retried.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            int pendingSeries;
            lock (_gate)
            {
                _retryAt = _time.GetUtcNow() + _nextRetryDelay;
                _retryTimer.Change(_nextRetryDelay, Timeout.InfiniteTimeSpan);
                _pending.AddOlder(batch);
                pendingSeries = _pending.SeriesCount;
            }

            _nextRetryDelay = TimeSpan.FromTicks(Math.Min(_nextRetryDelay.Ticks * 2, _options.MaxRetryDelay.Ticks));
            if (!_failing)
            {
                _failing = true;
                CollectorLog.SinkFailing(_logger, _sink.Name, pendingSeries, exception);
            }
        }
    }
}
