using Microsoft.Data.Sqlite;
using Instrumentation.History;

namespace Instrumentation.Sinks.Sqlite;

/// <summary>
/// The one statement that adds a row's deltas into a rollup table: insert, or add to the existing row
/// (fields and sums add, buckets merge, the value read last wins, whatever order rows arrive in).
/// Every value is a parameter.
/// </summary>
internal sealed class RollupUpsert : IDisposable
{
    /// <summary>Whether the incoming row's value was read no earlier than the stored one (SET sees the stored row).</summary>
    private const string Newer = "excluded.value IS NOT NULL AND (value_at IS NULL OR excluded.value_at >= value_at)";

    private readonly SqliteCommand _command;

    public RollupUpsert(SqliteConnection connection, SqliteTransaction transaction, Granularity granularity)
    {
        IReadOnlyList<string> fields = FieldColumns.Names;
        _command = connection.CreateCommand();
        _command.Transaction = transaction;
        _command.CommandText = $"""
            INSERT INTO {granularity.Table()} (series_id, bucket, duration_sum, buckets, value, value_at, {FieldColumns.List()})
            VALUES ($series, $bucket, $duration, $buckets, $value, $valueAt, {string.Join(", ", fields.Select((_, i) => $"$f{i}"))})
            ON CONFLICT (series_id, bucket) DO UPDATE SET
                duration_sum = duration_sum + excluded.duration_sum,
                buckets = merge_buckets(buckets, excluded.buckets),
                value = CASE WHEN {Newer} THEN excluded.value ELSE value END,
                value_at = CASE WHEN {Newer} THEN excluded.value_at ELSE value_at END,
                {string.Join(", ", fields.Select(f => $"{f} = {f} + excluded.{f}"))};
            """;
        foreach (string name in new[] { "$series", "$bucket", "$duration", "$buckets", "$value", "$valueAt" }.Concat(fields.Select((_, i) => $"$f{i}")))
        {
            _command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        _command.Prepare();
    }

    /// <summary>
    /// Adds one row; <paramref name="fields"/> are in <see cref="FieldColumns.Names"/> order, <paramref name="valueAt"/> is
    /// when <paramref name="value"/> was read (Unix milliseconds).
    /// </summary>
    public void Add(long seriesId, long bucket, IReadOnlyList<long> fields, long durationSum, byte[]? buckets, long? value, long valueAt)
    {
        SqliteParameterCollection p = _command.Parameters;
        p[0].Value = seriesId;
        p[1].Value = bucket;
        p[2].Value = durationSum;
        p[3].Value = (object?)buckets ?? DBNull.Value;
        p[4].Value = value is { } v ? v : DBNull.Value;
        p[5].Value = valueAt;
        for (int i = 0; i < fields.Count; i++)
        {
            p[6 + i].Value = fields[i];
        }

        _command.ExecuteNonQuery();
    }

    public void Dispose() => _command.Dispose();
}
