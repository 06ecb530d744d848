using Instrumentation.Collection;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Instrumentation.Sinks.Sqlite;

/// <summary>
/// Keeps history in a local SQLite file: deltas added into minute rows, rolled up into hours and
/// days, purged past their retention. A write is one transaction that stores the delivery's rows and its id, or
/// throws; the collector keeps what waits (per series and minute, so an outage's rows keep their own minutes),
/// batches it by <see cref="SqliteSinkOptions.BatchSize"/> and <see cref="SqliteSinkOptions.MaxLatency"/>, and
/// retries a failed write (a locked or full database) unchanged.
/// </summary>
public sealed partial class SqliteMetricsSink : IInstrumentationSink, IAsyncDisposable
{
    private readonly SqliteSinkOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    // Writes and rollups take turns; the collector never writes concurrently, the rollup timer may.
    private static readonly TimeSpan DisposeWait = TimeSpan.FromSeconds(1);
    private readonly SemaphoreSlim _writer = new(1, 1);
    private readonly DeltaWriter _deltas = new();
    private readonly ITimer _rollupTimer;
    private bool _disposed;

    /// <summary>Opens (creating or migrating) the database and starts the rollup timer.</summary>
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
        Policy = new SinkPolicy
        {
            TimeBucket = TimeSpan.FromMinutes(1),
            MaxBatchSize = options.BatchSize,
            MaxLatency = options.MaxLatency,
            MaxPendingBuckets = options.MaxPendingMinutes,
        };
        _rollupTimer = _time.CreateTimer(static s => _ = Task.Run(() => ((SqliteMetricsSink)s!).RollUpAsync()), this, options.RollupInterval, options.RollupInterval);
    }

    /// <inheritdoc />
    public string Name => "sqlite";

    /// <summary>Minute buckets, <see cref="SqliteSinkOptions.BatchSize"/> rows per write, <see cref="SqliteSinkOptions.MaxLatency"/>.</summary>
    public SinkPolicy Policy { get; }

    /// <summary>The full path of the database file.</summary>
    public string DatabasePath => Database.Path;

    internal SqliteDatabase Database { get; }

    internal TimeProvider Time => _time;

    /// <summary>Whether a write or a rollup holds the database now (for tests).</summary>
    internal bool IsWriting => _writer.CurrentCount == 0;

    /// <summary>
    /// Writes the batch's deltas into the minute of its <see cref="MetricsBatch.To"/>, in one transaction with its
    /// <see cref="MetricsBatch.DeliveryId"/>; a delivery already applied is skipped. Throws when the database fails
    /// (locked past <see cref="SqliteSinkOptions.BusyTimeout"/>, full, removed): nothing of the batch was written then.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The sink was disposed.</exception>
    public async ValueTask WriteAsync(MetricsBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using SqliteConnection connection = Database.Connect();
            _deltas.Write(connection, batch, _time.GetUtcNow());
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

    /// <summary>
    /// Stops the rollup timer and releases the file, waiting at most a second for a write or rollup in progress (one
    /// stuck on a locked file is left to finish or fail by itself); later writes throw.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _rollupTimer.DisposeAsync().ConfigureAwait(false);

        // A write stuck on a locked file waits out BusyTimeout on its own thread; shutdown does not wait with it.
        if (await _writer.WaitAsync(DisposeWait).ConfigureAwait(false))
        {
            _writer.Release();
        }

        SqliteConnection.ClearAllPools();
    }

    [LoggerMessage(3, LogLevel.Warning, "Rolling up Instrumentation history in '{Path}' failed; the next run tries again.")]
    private static partial void LogRollupFailed(ILogger logger, string path, Exception exception);
}
