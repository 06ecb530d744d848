using System.Globalization;
using Instrumentation.Collection;
using Instrumentation.Probes;
using Microsoft.Data.Sqlite;
using Instrumentation.History;

namespace Instrumentation.Sinks.Sqlite;

/// <summary>
/// Writes one delivery in one transaction: each delta into the minute of <see cref="MetricsBatch.To"/>, and — when the
/// rollup job already passed that minute — into its hour and day as well, so late rows are never lost from the
/// rollups. The delivery id is recorded in the same transaction, so a delivery is applied at most once.
/// </summary>
internal sealed class DeltaWriter
{
    private readonly Dictionary<string, long> _seriesIds = new(StringComparer.Ordinal);

    /// <summary>Writes <paramref name="batch"/>; whether it was applied now (false when its delivery id was applied before).</summary>
    public bool Write(SqliteConnection connection, MetricsBatch batch, DateTimeOffset now)
    {
        using SqliteTransaction transaction = connection.BeginTransaction(deferred: false);
        if (batch.DeliveryId != Guid.Empty && !AppliedDeliveries.TryRecord(connection, transaction, batch.DeliveryId, now.ToUnixTimeSeconds()))
        {
            return false;
        }

        long minute = Granularity.Minute.BucketOf(batch.To.ToUnixTimeSeconds());
        long readAt = batch.To.ToUnixTimeMilliseconds();
        var newIds = new Dictionary<string, long>(StringComparer.Ordinal);
        bool rolledUp = minute < (RollupState.Read(connection, transaction) ?? long.MinValue);
        using var minutes = new RollupUpsert(connection, transaction, Granularity.Minute);
        using var hours = new RollupUpsert(connection, transaction, Granularity.Hour);
        using var days = new RollupUpsert(connection, transaction, Granularity.Day);
        foreach (SeriesDelta delta in batch.Deltas)
        {
            long seriesId = SeriesId(connection, transaction, delta.Series, newIds);
            byte[]? buckets = BucketBlob.Encode(delta.Buckets);
            long[] fields = FieldColumns.Of(delta.Fields);
            minutes.Add(seriesId, minute, fields, delta.DurationSumNanoseconds, buckets, delta.Value, readAt);
            if (rolledUp)
            {
                hours.Add(seriesId, Granularity.Hour.BucketOf(minute), fields, delta.DurationSumNanoseconds, buckets, delta.Value, readAt);
                days.Add(seriesId, Granularity.Day.BucketOf(minute), fields, delta.DurationSumNanoseconds, buckets, delta.Value, readAt);
            }
        }

        transaction.Commit();
        foreach (KeyValuePair<string, long> id in newIds)
        {
            _seriesIds[id.Key] = id.Value;
        }

        return true;
    }

    private long SeriesId(SqliteConnection connection, SqliteTransaction transaction, SeriesInfo series, Dictionary<string, long> newIds)
    {
        if (_seriesIds.TryGetValue(series.Key, out long id) || newIds.TryGetValue(series.Key, out id))
        {
            return id;
        }

        using SqliteCommand insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO series (key, metric, kind, tags, has_duration, token_lifetime_seconds)
            VALUES ($key, $metric, $kind, $tags, $duration, $lifetime)
            ON CONFLICT (key) DO UPDATE SET
                kind = excluded.kind, has_duration = excluded.has_duration, token_lifetime_seconds = excluded.token_lifetime_seconds
                WHERE kind <> excluded.kind OR has_duration <> excluded.has_duration OR token_lifetime_seconds <> excluded.token_lifetime_seconds;
            SELECT id FROM series WHERE key = $key;
            """;
        insert.Parameters.AddWithValue("$key", series.Key);
        insert.Parameters.AddWithValue("$metric", series.Metric);
        insert.Parameters.AddWithValue("$kind", series.Kind.ToName());
        insert.Parameters.AddWithValue("$tags", TagsJson.Write(series.Tags));
        insert.Parameters.AddWithValue("$duration", series.HasDuration ? 1 : 0);
        insert.Parameters.AddWithValue("$lifetime", (long)series.TokenLifetime.TotalSeconds);
        id = Convert.ToInt64(insert.ExecuteScalar(), CultureInfo.InvariantCulture);
        newIds[series.Key] = id;
        return id;
    }
}
