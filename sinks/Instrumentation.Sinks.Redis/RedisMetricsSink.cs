using System.Globalization;
using Instrumentation.Collection;
using Instrumentation.Probes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace Instrumentation.Sinks.Redis;

/// <summary>
/// Writes this instance's deltas into fleet-wide time buckets in Redis (10-second buckets kept an
/// hour, 1-minute buckets kept a day), so any instance can answer <c>scope=fleet</c>. A write is one round
/// trip and either lands or throws; the collector keeps what waits (per series and 10-second bucket, so an
/// outage's deltas land in their own buckets) and retries a failed write unchanged. Each bucket key applies a
/// delivery at most once (its script records the <see cref="MetricsBatch.DeliveryId"/>), so a retry after a
/// connection cut mid-write never counts twice.
/// </summary>
public sealed partial class RedisMetricsSink : IInstrumentationSink, IAsyncDisposable
{
    /// <summary>
    /// KEYS: the fleet bucket, its applied-deliveries set, this instance's bucket (one hash tag, one slot).
    /// ARGV: delivery part id, seconds to live, then field/increment pairs. Applies a delivery part once.
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
    private readonly SemaphoreSlim _connecting = new(1, 1);
    private readonly HashSet<string> _describedSeries = new(StringComparer.Ordinal);
    private ConnectionMultiplexer? _redis;
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

        // What logs and exceptions show of the configuration: never the password.
        _shownConfiguration = _configuration.ToString(includePassword: false);
    }

    /// <inheritdoc />
    public string Name => "redis";

    /// <summary>10-second buckets (the fleet's finest), an hour of them kept while Redis is down, every collection written.</summary>
    public SinkPolicy Policy { get; } = new()
    {
        TimeBucket = TimeSpan.FromSeconds(RedisLayout.Fine.Seconds),
        MaxPendingBuckets = (int)(RedisLayout.Fine.Kept.TotalSeconds / RedisLayout.Fine.Seconds),
    };

    internal RedisLayout Layout => _layout;

    internal RedisSinkOptions Options => _options;

    internal TimeProvider Time => _time;

    /// <summary>
    /// Adds the batch's deltas into the 10-second and 1-minute buckets of its <see cref="MetricsBatch.To"/>, in one
    /// round trip, with the series descriptions, current values and this instance's heartbeat.
    /// </summary>
    /// <exception cref="RedisSinkException">Redis did not take the write (down, timed out, refused); the configuration it names has no password.</exception>
    public async ValueTask WriteAsync(MetricsBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        try
        {
            IDatabase database = await DatabaseAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
            await SendAsync(database, batch).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw new RedisSinkException($"Writing Instrumentation fleet windows to Redis '{_shownConfiguration}' failed: {exception.GetType().Name}.", exception);
        }
    }

    /// <summary>Closes the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_redis is not null)
        {
            await _redis.DisposeAsync().ConfigureAwait(false);
        }

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
    private async Task SendAsync(IDatabase database, MetricsBatch delivery)
    {
        string deliveryId = (delivery.DeliveryId == Guid.Empty ? Guid.CreateVersion7() : delivery.DeliveryId).ToString("N");
        List<SeriesDelta> series = [.. delivery.Deltas.Where(KeyFits)];
        IBatch batch = database.CreateBatch();
        var sent = new List<Task>();
        foreach (BucketSize size in new[] { RedisLayout.Fine, RedisLayout.Coarse })
        {
            long start = size.StartOf(delivery.To.ToUnixTimeSeconds());
            RedisKey bucket = _layout.Bucket(size, start);
            RedisKey applied = $"{bucket}:applied";
            RedisKey instance = _layout.InstanceBucket(size, start, _options.InstanceId);
            int chunk = 0;
            foreach (SeriesDelta[] part in series.Chunk(_options.MaxSeriesPerCall))
            {
                var arguments = new List<RedisValue> { $"{deliveryId}:{size.Name}:{chunk++}", (long)size.Kept.TotalSeconds + size.Seconds };
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

        // The heartbeat is the time of writing, not of the delivery: a delivery retried after an outage is older.
        sent.Add(batch.KeyExpireAsync(valuesKey, _options.InstanceTimeout));
        sent.Add(batch.SortedSetAddAsync(_layout.InstancesKey, _options.InstanceId, _time.GetUtcNow().ToUnixTimeSeconds()));
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

    [LoggerMessage(3, LogLevel.Warning, "A series of '{Metric}' has a key longer than {Limit} characters and is not written to Redis; shorten its tag values or raise Instrumentation:Redis:MaxSeriesKeyLength. Logged once.")]
    private static partial void LogKeyTooLong(ILogger logger, string metric, int limit);
}
