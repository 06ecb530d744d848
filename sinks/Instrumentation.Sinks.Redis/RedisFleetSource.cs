using Instrumentation.Fleet;
using System.Globalization;
using Instrumentation.Probes;
using Instrumentation.Snapshots;
using StackExchange.Redis;

namespace Instrumentation.Sinks.Redis;

/// <summary>
/// The <see cref="SnapshotScope.Fleet"/> source: windows summed over every instance from the Redis
/// buckets — 10-second buckets for windows up to 5 minutes, 1-minute buckets for the hour — so a
/// window's edge is accurate to one bucket. A series is read only where its bucket describes its metric. Current values (in flight, gauges) are summed over the
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
        Task<HashEntry[]>[] buckets = [.. Starts(first, size.StartOf(now), size.Seconds).Select(start => batch.HashGetAllAsync(BucketKey(size, start, instance)))];
        Task<RedisValue[]> instances = batch.SortedSetRangeByScoreAsync(_sink.Layout.InstancesKey, now - _sink.Options.InstanceTimeout.TotalSeconds);
        batch.Execute();
        await Task.WhenAll([.. buckets, instances]).ConfigureAwait(false);

        TimeSpan span = TimeSpan.FromSeconds(now - first);
        var aggregates = new Dictionary<string, SeriesAggregate>(StringComparer.Ordinal);
        foreach (Task<HashEntry[]> bucket in buckets)
        {
            cancellationToken.ThrowIfCancellationRequested();
            HashEntry[] entries = await bucket.ConfigureAwait(false);
            Dictionary<string, string> descriptions = Descriptions(entries);
            foreach (HashEntry entry in entries)
            {
                if (AggregateOf(entry.Name!, descriptions, aggregates, span) is { } aggregate)
                {
                    PackedSeries.TryAddTo(aggregate, ((ReadOnlyMemory<byte>)entry.Value).Span);
                }
            }
        }

        RedisValue[] live = await instances.ConfigureAwait(false);
        await AddCurrentValuesAsync(database, instance is null ? live : [.. live.Where(i => i == instance)], aggregates, span).ConfigureAwait(false);
        await AddActiveTokensAsync(database, now, instance, [.. aggregates.Values.Where(a => a.Series.Kind == ProbeKind.Token)]).ConfigureAwait(false);
        return [.. aggregates.Values];
    }

    /// <summary>The metric descriptions in one hash (a bucket or a values key), by metric.</summary>
    private static Dictionary<string, string> Descriptions(HashEntry[] entries)
    {
        var descriptions = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (HashEntry entry in entries)
        {
            string field = entry.Name!;
            if (field.Length > 1 && field[0] == RedisLayout.DescriptionMark)
            {
                descriptions[field[1..]] = entry.Value!;
            }
        }

        return descriptions;
    }

    private RedisKey BucketKey(BucketSize size, long start, string? instance) =>
        instance is null ? _sink.Layout.Bucket(size, start) : _sink.Layout.InstanceBucket(size, start, instance);

    /// <summary>Issued minus revoked within each token's lifetime, from the 1-minute buckets (which reach back one day).</summary>
    private async Task AddActiveTokensAsync(IDatabase database, long now, string? instance, SeriesAggregate[] tokens)
    {
        if (tokens.Length == 0)
        {
            return;
        }

        BucketSize size = RedisLayout.Coarse;
        TimeSpan kept = instance is null ? size.Kept : size.InstanceKept;
        long longest = (long)Math.Min(tokens.Max(t => t.Series.TokenLifetime.TotalSeconds), kept.TotalSeconds);
        long[] starts = [.. Starts(size.StartOf(now - longest), size.StartOf(now), size.Seconds)];
        IBatch batch = database.CreateBatch();
        var fields = new List<(SeriesAggregate Token, Task<RedisValue> Value)>();
        foreach (SeriesAggregate token in tokens)
        {
            long from = size.StartOf(now - (long)token.Series.TokenLifetime.TotalSeconds);
            foreach (long start in starts.Where(s => s >= from))
            {
                fields.Add((token, batch.HashGetAsync(BucketKey(size, start, instance), token.Series.Key)));
            }
        }

        batch.Execute();
        await Task.WhenAll(fields.Select(f => f.Value)).ConfigureAwait(false);
        foreach (IGrouping<SeriesAggregate, (SeriesAggregate Token, Task<RedisValue> Value)> token in fields.GroupBy(f => f.Token))
        {
            var lifetime = new SeriesAggregate(token.Key.Series, TimeSpan.Zero);
            foreach ((_, Task<RedisValue> value) in token)
            {
                RedisValue packed = await value.ConfigureAwait(false);
                if (!packed.IsNull)
                {
                    PackedSeries.TryAddTo(lifetime, ((ReadOnlyMemory<byte>)packed).Span);
                }
            }

            token.Key.ActiveTokens = Math.Max(0, lifetime.Fields[FieldNames.Issued] - lifetime.Fields[FieldNames.Revoked]);
        }
    }

    /// <summary>Adds each live instance's current values; a series that counted nothing in the window is read from its value alone.</summary>
    private async Task AddCurrentValuesAsync(IDatabase database, RedisValue[] instances, Dictionary<string, SeriesAggregate> aggregates, TimeSpan span)
    {
        foreach (RedisValue instance in instances)
        {
            HashEntry[] entries = await database.HashGetAllAsync(_sink.Layout.Values(instance!)).ConfigureAwait(false);
            Dictionary<string, string> descriptions = Descriptions(entries);
            foreach (HashEntry entry in entries)
            {
                if (!entry.Value.TryParse(out long value) || AggregateOf(entry.Name!, descriptions, aggregates, span) is not { } aggregate)
                {
                    continue;
                }

                aggregate.Value = (aggregate.Value ?? 0) + value;
            }
        }
    }

    /// <summary>
    /// The aggregate of the series named <paramref name="key"/>, made when it is first met with its metric's description
    /// from the same hash (where this layout wrote it); <see langword="null"/> for a description field or what is not ours.
    /// </summary>
    private static SeriesAggregate? AggregateOf(string key, Dictionary<string, string> descriptions, Dictionary<string, SeriesAggregate> aggregates, TimeSpan span)
    {
        if (!aggregates.TryGetValue(key, out SeriesAggregate? aggregate))
        {
            // A description field (#metric) or a field of another layout is not a series key.
            if (!SeriesInfo.TryParseKey(key, out string? metric, out IReadOnlyList<KeyValuePair<string, string>>? tags)
                || !descriptions.TryGetValue(metric, out string? description)
                || RedisLayout.Parse(metric, tags, description) is not { } series)
            {
                return null;
            }

            aggregates[key] = aggregate = new SeriesAggregate(series, span);
        }

        return aggregate;
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
