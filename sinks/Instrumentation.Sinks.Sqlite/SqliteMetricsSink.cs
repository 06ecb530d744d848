using Instrumentation.Collection;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Instrumentation.Sinks.Sqlite;

/// <summary>
/// Keeps history in a local SQLite file: deltas added into minute rows, rolled up into hours and
/// days, purged past their retention. One writer, off the hot path: a batch is kept in memory (added
/// up per series and minute) and written when <see cref="SqliteSinkOptions.BatchSize"/> series are
/// pending or <see cref="SqliteSinkOptions.MaxLatency"/> has passed. A locked or failing database
/// never throws into the app: its rows stay pending and the next write tries again.
/// </summary>
public sealed partial class SqliteMetricsSink : IInstrumentationSink, IAsyncDisposable
{
    private readonly SqliteSinkOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _writer = new(1, 1);
    private readonly Lock _gate = new();
    private readonly PendingRows _pending = new();
    private readonly DeltaWriter _deltas = new();
    private readonly ITimer _flushTimer;
    private readonly ITimer _rollupTimer;
    private bool _failing;
    private bool _disposed;

    /// <summary>Opens (creating or migrating) the database and starts the flush and rollup timers.</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    /// <exception cref="InvalidOperationException">The file cannot be used (not a database, not writable, a newer schema).</exception>
    public SqliteMetricsSink(SqliteSinkOptions options, TimeProvider? timeProvider = null, ILogger<SqliteMetricsSink>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        Database = SqliteDatabase.Open(options.Path, options.BusyTimeout);
        _flushTimer = _time.CreateTimer(static s => _ = ((SqliteMetricsSink)s!).FlushAsync(), this, options.MaxLatency, options.MaxLatency);
        _rollupTimer = _time.CreateTimer(static s => _ = ((SqliteMetricsSink)s!).RollUpAsync(), this, options.RollupInterval, options.RollupInterval);
    }

    /// <inheritdoc />
    public string Name => "sqlite";

    /// <summary>The full path of the database file.</summary>
    public string DatabasePath => Database.Path;

    /// <summary>How many series-minute rows wait to be written.</summary>
    public int PendingRows
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count;
            }
        }
    }

    internal SqliteDatabase Database { get; }

    internal TimeProvider Time => _time;

    /// <summary>Takes the batch; writes at once when <see cref="SqliteSinkOptions.BatchSize"/> series are pending. Never throws.</summary>
    public async ValueTask WriteAsync(MetricsBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        bool full;
        lock (_gate)
        {
            _pending.Add(batch);
            full = _pending.SeriesCount >= _options.BatchSize;
        }

        if (full)
        {
            await FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Writes everything pending in one transaction. Returns whether it was written; on failure the rows
    /// stay pending (the failure is logged once until a write succeeds again). Never throws.
    /// </summary>
    public async Task<bool> FlushAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException)
        {
            return false;
        }

        try
        {
            List<PendingRow> rows;
            lock (_gate)
            {
                rows = _pending.TakeAll();
            }

            if (rows.Count == 0)
            {
                return true;
            }

            try
            {
                using SqliteConnection connection = Database.Connect();
                _deltas.Write(connection, rows);
                if (_failing)
                {
                    _failing = false;
                    LogRecovered(_logger, Database.Path);
                }

                return true;
            }
#pragma warning disable CA1031 // A database failure must never reach the app: the rows stay pending.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                lock (_gate)
                {
                    _pending.AddOlder(rows);
                }

                if (!_failing)
                {
                    _failing = true;
                    LogWriteFailed(_logger, Database.Path, rows.Count, exception);
                }

                return false;
            }
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <summary>Rolls completed minutes up into hours and days and purges old rows now (it also runs every <see cref="SqliteSinkOptions.RollupInterval"/>). Never throws.</summary>
    public async Task<RollupResult?> RollUpAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException)
        {
            return null;
        }

        try
        {
            using SqliteConnection connection = Database.Connect();
            return RollupJob.Run(connection, _time.GetUtcNow(), _options);
        }
#pragma warning disable CA1031 // A failed rollup is retried on the next run; it must not reach the app.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            LogRollupFailed(_logger, Database.Path, exception);
            return null;
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <summary>Stops the timers and writes what is pending.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _flushTimer.DisposeAsync().ConfigureAwait(false);
        await _rollupTimer.DisposeAsync().ConfigureAwait(false);
        await FlushAsync().ConfigureAwait(false);
        _writer.Dispose();
        SqliteConnection.ClearAllPools();
    }

    [LoggerMessage(1, LogLevel.Warning, "Writing Instrumentation history to '{Path}' failed; {Rows} series-minute rows stay pending and are retried. Further failures are not logged until a write succeeds.")]
    private static partial void LogWriteFailed(ILogger logger, string path, int rows, Exception exception);

    [LoggerMessage(2, LogLevel.Information, "Writing Instrumentation history to '{Path}' works again; pending rows were written.")]
    private static partial void LogRecovered(ILogger logger, string path);

    [LoggerMessage(3, LogLevel.Warning, "Rolling up Instrumentation history in '{Path}' failed; the next run tries again.")]
    private static partial void LogRollupFailed(ILogger logger, string path, Exception exception);
}
