using Microsoft.Data.Sqlite;
using Instrumentation.History;

namespace Instrumentation.Sinks.Sqlite;

/// <summary>
/// Adds every completed minute past the watermark into its hour and day, moves the watermark, and
/// purges rows past their retention (and delivery ids past theirs) — one transaction, so a crash leaves either all of it or none.
/// </summary>
internal static class RollupJob
{
    public static RollupResult Run(SqliteConnection connection, DateTimeOffset now, SqliteSinkOptions options)
    {
        using SqliteTransaction transaction = connection.BeginTransaction(deferred: false);
        long nowSeconds = now.ToUnixTimeSeconds();
        long currentMinute = Granularity.Minute.BucketOf(nowSeconds);
        long? watermark = RollupState.Read(connection, transaction);
        long from = watermark ?? OldestMinute(connection, transaction) ?? currentMinute;
        int rolled = 0;
        if (from < currentMinute)
        {
            rolled = RollUp(connection, transaction, from, currentMinute);
            from = currentMinute;
        }

        // Recorded even when nothing was rolled: a row that arrives later for an earlier minute is then
        // written into its hour and day directly (see DeltaWriter).
        if (watermark != from)
        {
            RollupState.Write(connection, transaction, from);
        }

        // Minutes are purged only once rolled up; hours and days by age alone.
        int purged = Purge(connection, transaction, Granularity.Minute, Math.Min(nowSeconds - (long)options.MinuteRetention.TotalSeconds, from))
            + Purge(connection, transaction, Granularity.Hour, nowSeconds - (long)options.HourRetention.TotalSeconds)
            + Purge(connection, transaction, Granularity.Day, nowSeconds - (long)options.DayRetention.TotalSeconds);
        AppliedDeliveries.Forget(connection, transaction, nowSeconds - (long)AppliedDeliveries.Kept.TotalSeconds);
        transaction.Commit();
        return new RollupResult(rolled, purged);
    }

    private static int RollUp(SqliteConnection connection, SqliteTransaction transaction, long from, long to)
    {
        var hours = new Dictionary<(long Series, long Bucket), RolledRow>();
        var days = new Dictionary<(long Series, long Bucket), RolledRow>();
        int minutes = 0;
        using (SqliteCommand select = connection.CreateCommand())
        {
            select.Transaction = transaction;
            select.CommandText = $"""
                SELECT series_id, bucket, duration_sum, buckets, value, {FieldColumns.List()}, value_at
                FROM rollup_minute WHERE bucket >= $from AND bucket < $to;
                """;
            select.Parameters.AddWithValue("$from", from);
            select.Parameters.AddWithValue("$to", to);
            using SqliteDataReader reader = select.ExecuteReader();
            while (reader.Read())
            {
                minutes++;
                long series = reader.GetInt64(0);
                long minute = reader.GetInt64(1);
                long duration = reader.GetInt64(2);
                byte[]? buckets = reader.IsDBNull(3) ? null : (byte[])reader.GetValue(3);
                long? value = reader.IsDBNull(4) ? null : reader.GetInt64(4);
                var fields = new long[FieldColumns.Names.Count];
                for (int i = 0; i < fields.Length; i++)
                {
                    fields[i] = reader.GetInt64(5 + i);
                }

                // Rows written before value_at existed count as read at their minute's start.
                long readAt = reader.IsDBNull(5 + fields.Length) ? minute * 1000 : reader.GetInt64(5 + fields.Length);
                Accumulate(hours, (series, Granularity.Hour.BucketOf(minute)), fields, duration, buckets, value, readAt);
                Accumulate(days, (series, Granularity.Day.BucketOf(minute)), fields, duration, buckets, value, readAt);
            }
        }

        Write(connection, transaction, Granularity.Hour, hours);
        Write(connection, transaction, Granularity.Day, days);
        return minutes;
    }

    /// <summary>Adds a minute row into its hour or day; of the values, the one read last wins.</summary>
    private static void Accumulate(Dictionary<(long, long), RolledRow> rows, (long, long) key, long[] fields, long duration, byte[]? buckets, long? value, long readAt)
    {
        if (!rows.TryGetValue(key, out RolledRow? row))
        {
            rows[key] = row = new RolledRow();
        }

        for (int i = 0; i < fields.Length; i++)
        {
            row.Fields[i] += fields[i];
        }

        row.DurationSum += duration;
        row.Buckets = BucketBlob.Merge(row.Buckets, buckets);
        if (value is not null && (row.Value is null || readAt >= row.ValueAt))
        {
            (row.Value, row.ValueAt) = (value, readAt);
        }
    }

    private static void Write(SqliteConnection connection, SqliteTransaction transaction, Granularity granularity, Dictionary<(long Series, long Bucket), RolledRow> rows)
    {
        using var upsert = new RollupUpsert(connection, transaction, granularity);
        foreach (KeyValuePair<(long Series, long Bucket), RolledRow> row in rows)
        {
            upsert.Add(row.Key.Series, row.Key.Bucket, row.Value.Fields, row.Value.DurationSum, row.Value.Buckets, row.Value.Value, row.Value.ValueAt);
        }
    }

    private static int Purge(SqliteConnection connection, SqliteTransaction transaction, Granularity granularity, long before)
    {
        using SqliteCommand delete = connection.CreateCommand();
        delete.Transaction = transaction;
        delete.CommandText = $"DELETE FROM {granularity.Table()} WHERE bucket < $before;";
        delete.Parameters.AddWithValue("$before", granularity.BucketOf(before));
        return delete.ExecuteNonQuery();
    }

    private static long? OldestMinute(SqliteConnection connection, SqliteTransaction transaction)
    {
        using SqliteCommand select = connection.CreateCommand();
        select.Transaction = transaction;
        select.CommandText = "SELECT min(bucket) FROM rollup_minute;";
        return select.ExecuteScalar() is long oldest ? oldest : null;
    }

    private sealed class RolledRow
    {
        public long[] Fields { get; } = new long[FieldColumns.Names.Count];

        public long DurationSum { get; set; }

        public byte[]? Buckets { get; set; }

        public long? Value { get; set; }

        /// <summary>When <see cref="Value"/> was read (Unix milliseconds).</summary>
        public long ValueAt { get; set; }
    }
}

/// <summary>What one run of the rollup job did.</summary>
/// <param name="MinutesRolledUp">Minute rows added into hours and days.</param>
/// <param name="RowsPurged">Rows deleted past their retention.</param>
public readonly record struct RollupResult(int MinutesRolledUp, int RowsPurged);
