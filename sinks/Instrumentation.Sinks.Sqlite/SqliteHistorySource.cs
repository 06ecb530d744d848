using Instrumentation.Probes;
using Instrumentation.Snapshots;
using Microsoft.Data.Sqlite;
using Instrumentation.History;

namespace Instrumentation.Sinks.Sqlite;

/// <summary>
/// The <see cref="SnapshotScope.History"/> source: windows answered from the minute rows of the file,
/// so they survive restarts; a window reaching past minute retention takes its older part from the hour rows (its
/// start then accurate to the hour). It sees what the sink has written (up to <see cref="SqliteSinkOptions.MaxLatency"/> behind).
/// </summary>
public sealed class SqliteHistorySource : ISnapshotSource
{
    private readonly SqliteMetricsSink _sink;

    /// <summary>Answers from the file <paramref name="sink"/> writes.</summary>
    public SqliteHistorySource(SqliteMetricsSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        _sink = sink;
    }

    /// <inheritdoc />
    public SnapshotScope Scope => SnapshotScope.History;

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<SeriesAggregate>> ReadAsync(TimeSpan window, CancellationToken cancellationToken)
    {
        long now = _sink.Time.GetUtcNow().ToUnixTimeSeconds();
        long from = Granularity.Minute.BucketOf(now - (long)window.TotalSeconds);
        using SqliteConnection connection = _sink.Database.Connect();

        // Minutes are purged only once rolled up and only before the rollup watermark's hour, so every minute from that hour
        // on is still here, and every hour before it is whole in the hour rows. A window that starts before the minute rows
        // do takes the hours before the watermark's from the hour rows (the hour holding its start counts whole).
        long? oldestMinute = Scalar(connection, "SELECT min(bucket) FROM rollup_minute;");
        long? rolledUpTo = RollupState.Read(connection);
        long watermarkHour = rolledUpTo is { } watermark ? Granularity.Hour.BucketOf(watermark) : long.MinValue;
        bool readsHours = from < watermarkHour && (oldestMinute is null || from < oldestMinute);
        long start = readsHours ? Granularity.Hour.BucketOf(from) : from;
        long minutesFrom = readsHours ? watermarkHour : from;
        long? firstData = readsHours ? Scalar(connection, "SELECT min(bucket) FROM rollup_hour;") ?? oldestMinute : oldestMinute;
        TimeSpan span = TimeSpan.FromSeconds(now - Math.Max(start, firstData ?? now));
        var aggregates = new Dictionary<string, SeriesAggregate>(StringComparer.Ordinal);
        using (SqliteCommand select = connection.CreateCommand())
        {
            string columns = $"series_id, bucket, duration_sum, buckets, value, {FieldColumns.List()}";
            select.CommandText = $"""
                SELECT s.key, s.metric, s.kind, s.tags, s.has_duration, s.token_lifetime_seconds,
                       r.duration_sum, r.buckets, r.value, {FieldColumns.List("r.")}
                FROM (SELECT {columns} FROM rollup_hour WHERE bucket >= $start AND bucket < $minutesFrom
                      UNION ALL
                      SELECT {columns} FROM rollup_minute WHERE bucket >= $minutesFrom) r
                JOIN series s ON s.id = r.series_id
                ORDER BY r.bucket;
                """;
            select.Parameters.AddWithValue("$start", start);
            select.Parameters.AddWithValue("$minutesFrom", minutesFrom);
            using SqliteDataReader reader = select.ExecuteReader();
            while (reader.Read())
            {
                cancellationToken.ThrowIfCancellationRequested();
                string key = reader.GetString(0);
                if (!aggregates.TryGetValue(key, out SeriesAggregate? aggregate))
                {
                    var series = new SeriesInfo(
                        reader.GetString(1),
                        KindOf(reader.GetString(2)),
                        TagsJson.Read(reader.GetString(3)),
                        reader.GetInt64(4) != 0,
                        TimeSpan.FromSeconds(reader.GetInt64(5)));
                    aggregates[key] = aggregate = new SeriesAggregate(series, span);
                }

                aggregate.DurationSumNanoseconds += reader.GetInt64(6);
                if (!reader.IsDBNull(7))
                {
                    aggregate.Histogram?.Add(BucketBlob.Decode((byte[])reader.GetValue(7)));
                }

                if (!reader.IsDBNull(8))
                {
                    aggregate.Value = reader.GetInt64(8);
                }

                for (int i = 0; i < FieldColumns.Names.Count; i++)
                {
                    if (aggregate.Fields.ContainsKey(FieldColumns.Names[i]))
                    {
                        aggregate.Fields[FieldColumns.Names[i]] += reader.GetInt64(9 + i);
                    }
                }
            }
        }

        foreach (SeriesAggregate token in aggregates.Values.Where(a => a.Series.Kind == ProbeKind.Token))
        {
            token.ActiveTokens = ActiveTokens(connection, token.Series, now);
        }

        return ValueTask.FromResult<IReadOnlyList<SeriesAggregate>>([.. aggregates.Values]);
    }

    private static long ActiveTokens(SqliteConnection connection, SeriesInfo series, long now)
    {
        using SqliteCommand select = connection.CreateCommand();
        select.CommandText = """
            SELECT coalesce(sum(m.issued), 0) - coalesce(sum(m.revoked), 0)
            FROM rollup_minute m JOIN series s ON s.id = m.series_id
            WHERE s.key = $key AND m.bucket >= $from;
            """;
        select.Parameters.AddWithValue("$key", series.Key);
        select.Parameters.AddWithValue("$from", Granularity.Minute.BucketOf(now - (long)series.TokenLifetime.TotalSeconds));
        return Math.Max(0, Convert.ToInt64(select.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture));
    }

    private static long? Scalar(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar() is long value ? value : null;
    }

    /// <summary>The kind a <c>series.kind</c> column names; a file naming an unknown one is refused.</summary>
    internal static ProbeKind KindOf(string name) =>
        ProbeKindExtensions.TryParseName(name, out ProbeKind kind) ? kind : throw new InvalidOperationException($"The history file names an unknown probe kind '{name}'.");
}
