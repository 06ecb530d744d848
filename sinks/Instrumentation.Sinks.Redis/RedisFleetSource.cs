using Instrumentation.Fleet;
using System.Globalization;
using Instrumentation.Probes;
using Instrumentation.Snapshots;
using StackExchange.Redis;

namespace Instrumentation.Sinks.Redis;

/// <summary>
/// The <see cref="SnapshotScope.Fleet"/> source: windows summed over every instance from the Redis
/// buckets — 10-second buckets for windows up to 5 minutes, 1-minute buckets for the hour — so a
/// window's edge is accurate to one bucket. Current values (in flight, gauges) are summed over the
/// instances whose heartbeat is younger than <see cref="RedisSinkOptions.InstanceTimeout"/>.
/// </summary>
public sealed class RedisFleetSource : ISnapshotSource, IFleetInstances
{
    private readonly RedisMetricsSink _sink;

    /// <summary>Reads what <paramref name="sink"/> and its peers write.</summary>
    public RedisFleetSource(RedisMetricsSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        _sink = sink;
    }

    /// <inheritdoc />
    public SnapshotScope Scope => SnapshotScope.Fleet;

    /// <summary>The instances whose heartbeat is younger than the timeout, with when each last wrote.</summary>
    public async Task<IReadOnlyList<(string Instance, DateTimeOffset LastSeen)>> InstancesAsync(CancellationToken cancellationToken = default)
    {
        IDatabase database = await _sink.DatabaseAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        long now = _sink.Time.GetUtcNow().ToUnixTimeSeconds();
        SortedSetEntry[] live = await database.SortedSetRangeByScoreWithScoresAsync(_sink.Layout.InstancesKey, now - _sink.Options.InstanceTimeout.TotalSeconds).ConfigureAwait(false);
        return [.. live.Select(e => ((string)e.Element!, DateTimeOffset.FromUnixTimeSeconds((long)e.Score)))];
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<SeriesAggregate>> ReadAsync(TimeSpan window, CancellationToken cancellationToken) =>
        ReadAsync(window, instance: null, cancellationToken);

    /// <summary>
    /// A source that answers for one instance only (its share of the buckets and its current values), for
    /// the per-instance breakdown.
    /// </summary>
    public ISnapshotSource ForInstance(string instance) => new InstanceSource(this, instance);

    private async ValueTask<IReadOnlyList<SeriesAggregate>> ReadAsync(TimeSpan window, string? instance, CancellationToken cancellationToken)
    {
        IDatabase database = await _sink.DatabaseAsync().ConfigureAwait(false);
        long now = _sink.Time.GetUtcNow().ToUnixTimeSeconds();
        BucketSize size = window <= TimeSpan.FromMinutes(5) ? RedisLayout.Fine : RedisLayout.Coarse;
        long first = size.StartOf(now - (long)window.TotalSeconds);
        IBatch batch = database.CreateBatch();
        Task<HashEntry[]>[] buckets = [.. Starts(first, size.StartOf(now), size.Seconds).Select(start => batch.HashGetAllAsync(
            instance is null ? _sink.Layout.Bucket(size, start) : _sink.Layout.InstanceBucket(size, start, instance)))];
        Task<HashEntry[]> descriptions = batch.HashGetAllAsync(_sink.Layout.SeriesKey);
        Task<RedisValue[]> instances = batch.SortedSetRangeByScoreAsync(_sink.Layout.InstancesKey, now - _sink.Options.InstanceTimeout.TotalSeconds);
        batch.Execute();
        await Task.WhenAll([.. buckets, descriptions, instances]).ConfigureAwait(false);

        Dictionary<string, SeriesInfo> series = (await descriptions.ConfigureAwait(false)).ToDictionary(e => RedisLayout.Unescape(e.Name!), e => RedisLayout.Parse(e.Value!), StringComparer.Ordinal);
        TimeSpan span = TimeSpan.FromSeconds(now - first);
        var aggregates = new Dictionary<string, SeriesAggregate>(StringComparer.Ordinal);
        foreach (Task<HashEntry[]> bucket in buckets)
        {
            foreach (HashEntry entry in await bucket.ConfigureAwait(false))
            {
                cancellationToken.ThrowIfCancellationRequested();
                (string escaped, string part) = RedisLayout.Split(entry.Name!);
                string key = RedisLayout.Unescape(escaped);
                if (!series.TryGetValue(key, out SeriesInfo? info))
                {
                    continue;
                }

                if (!aggregates.TryGetValue(key, out SeriesAggregate? aggregate))
                {
                    aggregates[key] = aggregate = new SeriesAggregate(info, span);
                }

                long value = (long)entry.Value;
                if (aggregate.Fields.ContainsKey(part))
                {
                    aggregate.Fields[part] += value;
                }
                else if (part == RedisLayout.DurationSumPart)
                {
                    aggregate.DurationSumNanoseconds += value;
                }
                else if (RedisLayout.TryParseBucket(part, out int index))
                {
                    aggregate.Histogram?.Add(index, value);
                }
            }
        }

        RedisValue[] live = await instances.ConfigureAwait(false);
        await AddCurrentValuesAsync(database, instance is null ? live : [.. live.Where(i => i == instance)], aggregates).ConfigureAwait(false);
        await AddActiveTokensAsync(database, now, instance, [.. aggregates.Values.Where(a => a.Series.Kind == ProbeKind.Token)]).ConfigureAwait(false);
        return [.. aggregates.Values];
    }

    /// <summary>Issued minus revoked within each token's lifetime, from the 1-minute buckets (which reach back one day).</summary>
    private async Task AddActiveTokensAsync(IDatabase database, long now, string? instance, SeriesAggregate[] tokens)
    {
        if (tokens.Length == 0)
        {
            return;
        }

        BucketSize size = RedisLayout.Coarse;
        long longest = (long)Math.Min(tokens.Max(t => t.Series.TokenLifetime.TotalSeconds), size.Kept.TotalSeconds);
        long[] starts = [.. Starts(size.StartOf(now - longest), size.StartOf(now), size.Seconds)];
        IBatch batch = database.CreateBatch();
        var fields = new List<(SeriesAggregate Token, long Start, Task<RedisValue[]> Values)>();
        foreach (SeriesAggregate token in tokens)
        {
            string series = RedisLayout.Escape(token.Series.Key);
            long from = size.StartOf(now - (long)token.Series.TokenLifetime.TotalSeconds);
            foreach (long start in starts.Where(s => s >= from))
            {
                RedisKey bucket = instance is null ? _sink.Layout.Bucket(size, start) : _sink.Layout.InstanceBucket(size, start, instance);
                fields.Add((token, start, batch.HashGetAsync(bucket, [RedisLayout.Field(series, FieldNames.Issued), RedisLayout.Field(series, FieldNames.Revoked)])));
            }
        }

        batch.Execute();
        await Task.WhenAll(fields.Select(f => f.Values)).ConfigureAwait(false);
        foreach (IGrouping<SeriesAggregate, (SeriesAggregate Token, long Start, Task<RedisValue[]> Values)> token in fields.GroupBy(f => f.Token))
        {
            long issued = 0, revoked = 0;
            foreach ((_, _, Task<RedisValue[]> values) in token)
            {
                RedisValue[] pair = await values.ConfigureAwait(false);
                issued += pair[0].IsNull ? 0 : (long)pair[0];
                revoked += pair[1].IsNull ? 0 : (long)pair[1];
            }

            token.Key.ActiveTokens = Math.Max(0, issued - revoked);
        }
    }

    private async Task AddCurrentValuesAsync(IDatabase database, RedisValue[] instances, Dictionary<string, SeriesAggregate> aggregates)
    {
        foreach (RedisValue instance in instances)
        {
            foreach (HashEntry entry in await database.HashGetAllAsync(_sink.Layout.Values(instance!)).ConfigureAwait(false))
            {
                if (aggregates.TryGetValue(RedisLayout.Unescape(entry.Name!), out SeriesAggregate? aggregate))
                {
                    aggregate.Value = (aggregate.Value ?? 0) + (long)entry.Value;
                }
            }
        }
    }

    private static IEnumerable<long> Starts(long first, long last, long step)
    {
        for (long start = first; start <= last; start += step)
        {
            yield return start;
        }
    }

    /// <summary>The fleet source narrowed to one instance.</summary>
    private sealed class InstanceSource(RedisFleetSource fleet, string instance) : ISnapshotSource
    {
        public SnapshotScope Scope => SnapshotScope.Fleet;

        public ValueTask<IReadOnlyList<SeriesAggregate>> ReadAsync(TimeSpan window, CancellationToken cancellationToken) =>
            fleet.ReadAsync(window, instance, cancellationToken);
    }
}
