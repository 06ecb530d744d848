using Microsoft.Data.Sqlite;

namespace Instrumentation.Sinks.Sqlite;

/// <summary>
/// The one statement that adds a row's deltas into a rollup table: insert, or add to the existing row
/// (counters and sums add, buckets merge, the newer value wins). Every value is a parameter.
/// </summary>
internal sealed class RollupUpsert : IDisposable
{
    private readonly SqliteCommand _command;

    public RollupUpsert(SqliteConnection connection, SqliteTransaction transaction, Granularity granularity)
    {
        _command = connection.CreateCommand();
        _command.Transaction = transaction;
        _command.CommandText = $"""
            INSERT INTO {granularity.Table()} (series_id, bucket, c0, c1, c2, duration_sum, buckets, value)
            VALUES ($series, $bucket, $c0, $c1, $c2, $duration, $buckets, $value)
            ON CONFLICT (series_id, bucket) DO UPDATE SET
                c0 = c0 + excluded.c0,
                c1 = c1 + excluded.c1,
                c2 = c2 + excluded.c2,
                duration_sum = duration_sum + excluded.duration_sum,
                buckets = merge_buckets(buckets, excluded.buckets),
                value = coalesce(excluded.value, value);
            """;
        foreach (string name in new[] { "$series", "$bucket", "$c0", "$c1", "$c2", "$duration", "$buckets", "$value" })
        {
            _command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        _command.Prepare();
    }

    /// <summary>Adds one row; counters beyond those the kind keeps (see ProbeKindExtensions.CounterNames) count as 0.</summary>
    public void Add(long seriesId, long bucket, IReadOnlyList<long> counters, long durationSum, byte[]? buckets, long? value)
    {
        SqliteParameterCollection p = _command.Parameters;
        p[0].Value = seriesId;
        p[1].Value = bucket;
        for (int i = 0; i < 3; i++)
        {
            p[2 + i].Value = i < counters.Count ? counters[i] : 0L;
        }

        p[5].Value = durationSum;
        p[6].Value = (object?)buckets ?? DBNull.Value;
        p[7].Value = value is { } v ? v : DBNull.Value;
        _command.ExecuteNonQuery();
    }

    public void Dispose() => _command.Dispose();
}
