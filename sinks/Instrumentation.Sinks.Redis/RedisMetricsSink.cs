using System.Globalization;
using Instrumentation.Collection;
using Instrumentation.Probes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace Instrumentation.Sinks.Redis;

/// <summary>
/// Writes this instance's deltas into fleet-wide time buckets in Redis (10-second buckets read for windows up to 5
/// minutes, 1-minute buckets for the hour and token lifetimes up to a day), so any instance can answer
/// <c>scope=fleet</c>. A write is one round trip and either lands or throws; the collector keeps what waits (per series
/// and 10-second bucket, so an outage's deltas land in their own buckets) and retries a failed write unchanged. Each
/// bucket key applies a delivery at most once (its script records the <see cref="MetricsBatch.DeliveryId"/>), so a
/// retry after a connection cut mid-write never counts twice. Every write, and a heartbeat when there is nothing to
/// write, keeps the instance live; the current values are all written again at each heartbeat interval, so a Redis
/// that lost its data has them back within one.
/// </summary>
public sealed partial class RedisMetricsSink : IInstrumentationSink, IAsyncDisposable
{
    /// <summary>
    /// KEYS: the fleet bucket, its applied-deliveries set, this instance's share (one hash tag, one slot).
    /// ARGV: the delivery part, the bucket's and the share's seconds to live, how many metric descriptions follow,
    /// the descriptions (field, text), then the series (field, packed value). Applies a delivery part once.
    /// </summary>
    private const string ApplyScript = PackedSeries.LuaAdd + """

        if redis.call('SADD', KEYS[2], ARGV[1]) == 0 then return 0 end
        local series = 5 + 2 * tonumber(ARGV[4])
        for i = 5, series - 1, 2 do
          redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
          redis.call('HSET', KEYS[3], ARGV[i], ARGV[i + 1])
        end
        for i = series, #ARGV, 2 do
          redis.call('HSET', KEYS[1], ARGV[i], add(redis.call('HGET', KEYS[1], ARGV[i]), ARGV[i + 1]))
          redis.call('HSET', KEYS[3], ARGV[i], add(redis.call('HGET', KEYS[3], ARGV[i]), ARGV[i + 1]))
        end
        redis.call('EXPIRE', KEYS[1], ARGV[2])
        redis.call('EXPIRE', KEYS[2], ARGV[2])
        redis.call('EXPIRE', KEYS[3], ARGV[3])
        return 1
        """;

    private readonly RedisSinkOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly RedisLayout _layout;
    private readonly string _shownConfiguration;
    private readonly ConfigurationOptions _configuration;
    private readonly SemaphoreSlim _connecting = new(1, 1);
    private readonly Dictionary<string, (SeriesInfo Series, long Value)> _values = new(StringComparer.Ordinal);
    private DateTimeOffset _valuesWrittenAt = DateTimeOffset.MinValue;
    private ConnectionMultiplexer? _redis;
    private bool _warnedLongKey;
    private bool _warnedInvalidKey;

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
        Policy = new SinkPolicy
        {
            TimeBucket = TimeSpan.FromSeconds(RedisLayout.Fine.Seconds),
            MaxPendingBuckets = (int)(TimeSpan.FromHours(1).TotalSeconds / RedisLayout.Fine.Seconds),
            Heartbeat = options.InstanceTimeout / 3,
        };
    }

    /// <inheritdoc />
    public string Name => "redis";

    /// <summary>
    /// 10-second buckets (the fleet's finest), an hour of them kept while Redis is down, every collection written, and
    /// a heartbeat every third of <see cref="RedisSinkOptions.InstanceTimeout"/>.
    /// </summary>
    public SinkPolicy Policy { get; }

    internal RedisLayout Layout => _layout;

    internal RedisSinkOptions Options => _options;

    internal TimeProvider Time => _time;

    /// <summary>
    /// Adds the batch's deltas into the 10-second and 1-minute buckets of its <see cref="MetricsBatch.To"/>, in one
    /// round trip, with the current values and this instance's heartbeat.
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

    /// <summary>Closes the connection without waiting for replies: a write still waiting on an unresponsive Redis fails at once.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_redis is not null)
        {
            await _redis.CloseAsync(allowCommandsToComplete: false).ConfigureAwait(false);
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

    /// <summary>One round trip: a script call per bucket key (and chunk), the current values, the heartbeat.</summary>
    private async Task SendAsync(IDatabase database, MetricsBatch delivery)
    {
        string deliveryId = (delivery.DeliveryId == Guid.Empty ? Guid.CreateVersion7() : delivery.DeliveryId).ToString("N");
        long now = _time.GetUtcNow().ToUnixTimeSeconds();
        List<SeriesDelta> series = [.. delivery.Deltas.Where(KeyFits)];
        IBatch batch = database.CreateBatch();
        var sent = new List<Task>();
        foreach (BucketSize size in new[] { RedisLayout.Fine, RedisLayout.Coarse })
        {
            long start = size.StartOf(delivery.To.ToUnixTimeSeconds());
            if (series.Count == 0 || now - start > size.TimeToLive)
            {
                // Nothing to add, or a delivery so late that no window reads its bucket any more.
                continue;
            }

            string bucket = _layout.Bucket(size, start);
            RedisKey[] keys = [bucket, RedisLayout.Applied(bucket), _layout.InstanceBucket(size, start, _options.InstanceId)];
            int chunk = 0;
            foreach (SeriesDelta[] part in series.Chunk(_options.MaxSeriesPerCall))
            {
                SeriesInfo[] metrics = [.. part.Select(d => d.Series).DistinctBy(s => s.Metric, StringComparer.Ordinal)];
                var arguments = new List<RedisValue>(4 + (2 * (metrics.Length + part.Length)))
                {
                    $"{deliveryId}:{size.Name}:{chunk++}", size.TimeToLive, size.InstanceTimeToLive, metrics.Length,
                };
                foreach (SeriesInfo metric in metrics)
                {
                    arguments.Add(RedisLayout.DescriptionField(metric.Metric));
                    arguments.Add(RedisLayout.Describe(metric));
                }

                foreach (SeriesDelta totals in part)
                {
                    arguments.Add(totals.Series.Key);
                    arguments.Add(PackedSeries.Pack(totals));
                }

                sent.Add(batch.ScriptEvaluateAsync(ApplyScript, keys, [.. arguments]));
            }
        }

        RedisKey valuesKey = _layout.Values(_options.InstanceId);
        (HashEntry[] values, bool everyValue) = ValuesToWrite(series);
        if (values.Length > 0)
        {
            sent.Add(batch.HashSetAsync(valuesKey, values));
        }

        // The heartbeat is the time of writing, not of the delivery: a delivery retried after an outage is older.
        // Instances silent longer than the longest window of their own share are forgotten.
        sent.Add(batch.KeyExpireAsync(valuesKey, _options.InstanceTimeout));
        sent.Add(batch.SortedSetAddAsync(_layout.InstancesKey, _options.InstanceId, now));
        sent.Add(batch.SortedSetRemoveRangeByScoreAsync(_layout.InstancesKey, double.NegativeInfinity, now - RedisLayout.Coarse.InstanceTimeToLive, Exclude.Stop));
        batch.Execute();
        await Task.WhenAll(sent).ConfigureAwait(false);
        if (everyValue)
        {
            _valuesWrittenAt = _time.GetUtcNow();
        }
    }

    /// <summary>
    /// The values that changed in this delivery, or every current value once a heartbeat interval has passed since they
    /// were all written (so a Redis that lost its data, or an expired values key, has them back), with the descriptions
    /// of their metrics: a series that holds a value but counted nothing in a window is still read.
    /// </summary>
    private (HashEntry[] Values, bool EveryValue) ValuesToWrite(List<SeriesDelta> series)
    {
        var changed = new List<(SeriesInfo Series, long Value)>();
        foreach (SeriesDelta delta in series)
        {
            if (delta.Value is long value)
            {
                _values[delta.Series.Key] = (delta.Series, value);
                changed.Add((delta.Series, value));
            }
        }

        bool everyValue = _time.GetUtcNow() - _valuesWrittenAt >= Policy.Heartbeat;
        IEnumerable<(SeriesInfo Series, long Value)> written = everyValue ? _values.Values : changed;
        HashEntry[] values =
        [
            .. written.DistinctBy(v => v.Series.Metric, StringComparer.Ordinal).Select(v => new HashEntry(RedisLayout.DescriptionField(v.Series.Metric), RedisLayout.Describe(v.Series))),
            .. written.Select(v => new HashEntry(v.Series.Key, v.Value)),
        ];
        return (values, everyValue);
    }

    /// <summary>
    /// Whether the series can be stored: a key longer than <see cref="RedisSinkOptions.MaxSeriesKeyLength"/>, or one that
    /// is not valid Unicode (a lone surrogate, which Redis's UTF-8 would turn into U+FFFD, merging series), is skipped
    /// and logged once.
    /// </summary>
    private bool KeyFits(SeriesDelta totals)
    {
        string key = totals.Series.Key;
        if (key.Length > _options.MaxSeriesKeyLength)
        {
            if (!_warnedLongKey)
            {
                _warnedLongKey = true;
                LogKeyTooLong(_logger, totals.Series.Metric, _options.MaxSeriesKeyLength);
            }

            return false;
        }

        if (!IsValidUnicode(key))
        {
            if (!_warnedInvalidKey)
            {
                _warnedInvalidKey = true;
                LogKeyNotUnicode(_logger, totals.Series.Metric);
            }

            return false;
        }

        return true;
    }

    private static bool IsValidUnicode(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
    }

    [LoggerMessage(3, LogLevel.Warning, "A series of '{Metric}' has a key longer than {Limit} characters and is not written to Redis; shorten its tag values or raise Instrumentation:Redis:MaxSeriesKeyLength. Logged once.")]
    private static partial void LogKeyTooLong(ILogger logger, string metric, int limit);

    [LoggerMessage(4, LogLevel.Warning, "A series of '{Metric}' has a tag value that is not valid Unicode (a lone surrogate) and is not written to Redis, which stores UTF-8. Logged once.")]
    private static partial void LogKeyNotUnicode(ILogger logger, string metric);
}
