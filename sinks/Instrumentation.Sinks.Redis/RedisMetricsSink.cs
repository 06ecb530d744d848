using System.Globalization;
using Instrumentation.Collection;
using Instrumentation.Probes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace Instrumentation.Sinks.Redis;

/// <summary>
/// Writes this instance's deltas into fleet-wide time buckets in Redis (10-second buckets kept an
/// hour, 1-minute buckets kept a day), so any instance can answer <c>scope=fleet</c>. One flush is
/// one round trip. Redis being down never throws into the app and never blocks the hot path: the unit
/// that failed is retried as it was (each bucket applies a unit once), new deltas add up meanwhile,
/// and totals end exact once Redis answers again.
/// </summary>
public sealed partial class RedisMetricsSink : IInstrumentationSink, IAsyncDisposable
{
    /// <summary>
    /// KEYS: the fleet bucket, its applied-units set, this instance's bucket (one hash tag, one slot).
    /// ARGV: unit id, seconds to live, then field/increment pairs. Applies a unit once.
    /// </summary>
    private const string ApplyScript = """
        if redis.call('SADD', KEYS[2], ARGV[1]) == 0 then return 0 end
        for i = 3, #ARGV, 2 do
            redis.call('HINCRBY', KEYS[1], ARGV[i], ARGV[i + 1])
            redis.call('HINCRBY', KEYS[3], ARGV[i], ARGV[i + 1])
        end
        for k = 1, 3 do redis.call('EXPIRE', KEYS[k], ARGV[2]) end
        return 1
        """;

    private readonly RedisSinkOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly RedisLayout _layout;
    private readonly string _shownConfiguration;
    private readonly ConfigurationOptions _configuration;
    private readonly SemaphoreSlim _writer = new(1, 1);
    private readonly SemaphoreSlim _connecting = new(1, 1);
    private readonly Lock _gate = new();
    private readonly HashSet<string> _describedSeries = new(StringComparer.Ordinal);
    private readonly ITimer _retryTimer;
    private ConnectionMultiplexer? _redis;
    private WriteUnit _open = new();
    private WriteUnit? _inDoubt;
    private bool _failing;
    private bool _warnedLongKey;

    /// <summary>Prepares the sink; it connects on the first write and keeps reconnecting by itself.</summary>
    public RedisMetricsSink(RedisSinkOptions options, TimeProvider? timeProvider = null, ILogger<RedisMetricsSink>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _layout = new RedisLayout(options.KeyPrefix);
        _configuration = ConfigurationOptions.Parse(options.Configuration);
        _configuration.AbortOnConnectFail = false;

        // What logs show of the configuration: never the password.
        _shownConfiguration = _configuration.ToString(includePassword: false);
        _retryTimer = _time.CreateTimer(static s => _ = ((RedisMetricsSink)s!).FlushAsync(), this, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2));
    }

    /// <inheritdoc />
    public string Name => "redis";

    internal RedisLayout Layout => _layout;

    internal RedisSinkOptions Options => _options;

    internal TimeProvider Time => _time;

    /// <summary>Takes the batch and writes what is pending. Never throws: a failure keeps it for the next write.</summary>
    public async ValueTask WriteAsync(MetricsBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        lock (_gate)
        {
            _open.Add(batch);
        }

        await FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes what is pending now; returns whether everything was written. Never throws.</summary>
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
            // The unit in doubt (sent, failed) goes first and as it was; then whatever added up meanwhile.
            while (true)
            {
                if (_inDoubt is null)
                {
                    lock (_gate)
                    {
                        if (_open.IsEmpty)
                        {
                            return true;
                        }

                        (_inDoubt, _open) = (_open, new WriteUnit());
                    }
                }

                await SendAsync(await DatabaseAsync().ConfigureAwait(false), _inDoubt).ConfigureAwait(false);
                _inDoubt = null;
                if (_failing)
                {
                    _failing = false;
                    LogRecovered(_logger, _shownConfiguration);
                }
            }
        }
#pragma warning disable CA1031 // Redis trouble must never reach the app; the unit is retried as it is.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            if (!_failing)
            {
                _failing = true;
                LogFailing(_logger, _shownConfiguration, exception);
            }

            return false;
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <summary>Stops retrying and makes one last attempt to write what is pending.</summary>
    public async ValueTask DisposeAsync()
    {
        await _retryTimer.DisposeAsync().ConfigureAwait(false);
        await FlushAsync().ConfigureAwait(false);
        if (_redis is not null)
        {
            await _redis.DisposeAsync().ConfigureAwait(false);
        }

        _writer.Dispose();
        _connecting.Dispose();
    }

    /// <summary>The database, connecting once (writes and fleet reads share one multiplexer, which reconnects by itself).</summary>
    internal async Task<IDatabase> DatabaseAsync()
    {
        if (Volatile.Read(ref _redis) is { } connected)
        {
            return connected.GetDatabase();
        }

        await _connecting.WaitAsync().ConfigureAwait(false);
        try
        {
            _redis ??= await ConnectionMultiplexer.ConnectAsync(_configuration).ConfigureAwait(false);
            return _redis.GetDatabase();
        }
        finally
        {
            _connecting.Release();
        }
    }

    /// <summary>One round trip: a script call per bucket key (and chunk), series descriptions, current values, the heartbeat.</summary>
    private async Task SendAsync(IDatabase database, WriteUnit unit)
    {
        List<SeriesDelta> series = [.. unit.Series.Where(KeyFits)];
        IBatch batch = database.CreateBatch();
        var sent = new List<Task>();
        foreach (BucketSize size in new[] { RedisLayout.Fine, RedisLayout.Coarse })
        {
            long start = size.StartOf(unit.To.ToUnixTimeSeconds());
            RedisKey bucket = _layout.Bucket(size, start);
            RedisKey applied = $"{bucket}:applied";
            RedisKey instance = _layout.InstanceBucket(size, start, _options.InstanceId);
            int chunk = 0;
            foreach (SeriesDelta[] part in series.Chunk(_options.MaxSeriesPerCall))
            {
                var arguments = new List<RedisValue> { $"{unit.Id}:{size.Name}:{chunk++}", (long)size.Kept.TotalSeconds + size.Seconds };
                foreach (SeriesDelta totals in part)
                {
                    AddIncrements(arguments, totals);
                }

                sent.Add(batch.ScriptEvaluateAsync(ApplyScript, [bucket, applied, instance], [.. arguments]));
            }
        }

        HashEntry[] descriptions = [.. series.Where(s => !_describedSeries.Contains(s.Series.Key)).Select(s => new HashEntry(RedisLayout.Escape(s.Series.Key), RedisLayout.Describe(s.Series)))];
        if (descriptions.Length > 0)
        {
            sent.Add(batch.HashSetAsync(_layout.SeriesKey, descriptions));
        }

        HashEntry[] values = [.. series.Where(s => s.Value is not null).Select(s => new HashEntry(RedisLayout.Escape(s.Series.Key), s.Value!.Value))];
        RedisKey valuesKey = _layout.Values(_options.InstanceId);
        if (values.Length > 0)
        {
            sent.Add(batch.HashSetAsync(valuesKey, values));
        }

        sent.Add(batch.KeyExpireAsync(valuesKey, _options.InstanceTimeout));
        sent.Add(batch.SortedSetAddAsync(_layout.InstancesKey, _options.InstanceId, unit.To.ToUnixTimeSeconds()));
        batch.Execute();
        await Task.WhenAll(sent).ConfigureAwait(false);
        foreach (HashEntry description in descriptions)
        {
            _describedSeries.Add(RedisLayout.Unescape(description.Name!));
        }
    }

    private static void AddIncrements(List<RedisValue> arguments, SeriesDelta totals)
    {
        string series = RedisLayout.Escape(totals.Series.Key);
        foreach (KeyValuePair<string, long> field in totals.Fields)
        {
            if (field.Value != 0)
            {
                arguments.Add(RedisLayout.Field(series, field.Key));
                arguments.Add(field.Value);
            }
        }

        // Always written, even as 0: it registers the series in the bucket when nothing counted (a gauge
        // moved), so windows list it.
        arguments.Add(RedisLayout.Field(series, RedisLayout.DurationSumPart));
        arguments.Add(totals.DurationSumNanoseconds);

        foreach (BucketCount bucket in totals.Buckets)
        {
            arguments.Add(RedisLayout.BucketField(series, bucket.Index));
            arguments.Add(bucket.Count);
        }
    }

    private bool KeyFits(SeriesDelta totals)
    {
        if (totals.Series.Key.Length <= _options.MaxSeriesKeyLength)
        {
            return true;
        }

        if (!_warnedLongKey)
        {
            _warnedLongKey = true;
            LogKeyTooLong(_logger, totals.Series.Metric, _options.MaxSeriesKeyLength);
        }

        return false;
    }

    [LoggerMessage(1, LogLevel.Warning, "Writing Instrumentation fleet windows to Redis '{Configuration}' failed; deltas stay pending and are written once it answers. Further failures are not logged until then.")]
    private static partial void LogFailing(ILogger logger, string configuration, Exception exception);

    [LoggerMessage(2, LogLevel.Information, "Redis '{Configuration}' answers again; pending Instrumentation deltas were written.")]
    private static partial void LogRecovered(ILogger logger, string configuration);

    [LoggerMessage(3, LogLevel.Warning, "A series of '{Metric}' has a key longer than {Limit} characters and is not written to Redis; shorten its tag values or raise Instrumentation:Redis:MaxSeriesKeyLength. Logged once.")]
    private static partial void LogKeyTooLong(ILogger logger, string metric, int limit);
}
