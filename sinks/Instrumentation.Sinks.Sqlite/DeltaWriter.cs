using System.Globalization;
using Instrumentation.Collection;
using Instrumentation.Probes;
using Microsoft.Data.Sqlite;
using Instrumentation.History;

namespace Instrumentation.Sinks.Sqlite;

/// <summary>
/// Writes pending rows in one transaction: each into its minute, and — when the rollup job already
/// passed that minute — into its hour and day as well, so late rows are never lost from the rollups.
/// </summary>
internal sealed class DeltaWriter
{
    private readonly Dictionary<string, long> _seriesIds = new(StringComparer.Ordinal);

    public void Write(SqliteConnection connection, IReadOnlyCollection<PendingRow> rows)
    {
        using SqliteTransaction transaction = connection.BeginTransaction(deferred: false);
        var newIds = new Dictionary<string, long>(StringComparer.Ordinal);
        long rolledUpTo = RollupState.Read(connection, transaction) ?? long.MinValue;
        using var minutes = new RollupUpsert(connection, transaction, Granularity.Minute);
        using var hours = new RollupUpsert(connection, transaction, Granularity.Hour);
        using var days = new RollupUpsert(connection, transaction, Granularity.Day);
        foreach (PendingRow row in rows)
        {
            SeriesDelta delta = row.Delta;
            long seriesId = SeriesId(connection, transaction, delta.Series, newIds);
            byte[]? buckets = BucketBlob.Encode(delta.Buckets);
            long[] fields = FieldColumns.Of(delta.Fields);
            minutes.Add(seriesId, row.Minute, fields, delta.DurationSumNanoseconds, buckets, delta.Value);
            if (row.Minute < rolledUpTo)
            {
                hours.Add(seriesId, Granularity.Hour.BucketOf(row.Minute), fields, delta.DurationSumNanoseconds, buckets, delta.Value);
                days.Add(seriesId, Granularity.Day.BucketOf(row.Minute), fields, delta.DurationSumNanoseconds, buckets, delta.Value);
            }
        }

        transaction.Commit();
        foreach (KeyValuePair<string, long> id in newIds)
        {
            _seriesIds[id.Key] = id.Value;
        }
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
