using System.Globalization;
using System.Runtime.CompilerServices;
using Instrumentation.History;
using Instrumentation.Probes;
using Instrumentation.Snapshots;
using Microsoft.Data.Sqlite;

namespace Instrumentation.Sinks.Sqlite;

/// <summary>
/// Questions to the stored history: top endpoints, failure rates by endpoint and by tag, totals per
/// tag value, a metric's time series. Results stream row by row; percentiles come from merged buckets
/// (within 6.25 %). Every value is a SQL parameter.
/// </summary>
public sealed class HistoryQueries : IHistoryQueries
{
    private const double NanosecondsPerMillisecond = 1_000_000;
    private readonly SqliteMetricsSink _sink;

    /// <summary>Asks the file that <paramref name="sink"/> writes.</summary>
    public HistoryQueries(SqliteMetricsSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        _sink = sink;
    }

    /// <summary>
    /// The endpoint series with the most requests, errors, or the slowest p99 over <paramref name="range"/>.
    /// By requests or errors SQLite ranks the series on its own sums and only the top ones' buckets are
    /// merged; by p99 every series' buckets are merged, which costs more on long ranges of minutes.
    /// </summary>
    public async IAsyncEnumerable<EndpointTotals> TopEndpointsAsync(HistoryRange range, TopEndpointsOrder by = TopEndpointsOrder.Requests, int limit = 10, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        if (by == TopEndpointsOrder.P99)
        {
            // Every series' buckets are merged to know its p99; only the slowest `limit` are kept while reading.
            var slowest = new PriorityQueue<EndpointTotals, EndpointTotals>(limit + 1, SlowestLast);
            await foreach (SeriesRow row in SeriesTotalsAsync(range, "endpoint", metric: null, cancellationToken).ConfigureAwait(false))
            {
                EndpointTotals totals = Totals(row.Series.Metric, row.Series.Tags, row.Fields[FieldNames.Calls], row.Fields[FieldNames.Failures], row.Buckets);
                slowest.Enqueue(totals, totals);
                if (slowest.Count > limit)
                {
                    slowest.Dequeue();
                }
            }

            EndpointTotals[] inOrder = new EndpointTotals[slowest.Count];
            for (int i = inOrder.Length - 1; i >= 0; i--)
            {
                inOrder[i] = slowest.Dequeue();
            }

            foreach (EndpointTotals row in inOrder)
            {
                yield return row;
            }

            yield break;
        }

        range.Validate();
        using SqliteConnection connection = _sink.Database.Connect();
        using SqliteCommand top = connection.CreateCommand();
        string order = by == TopEndpointsOrder.Errors ? "errors DESC, requests DESC" : "requests DESC";
        top.CommandText = $"""
            SELECT s.id, s.metric, s.tags, sum(r.calls) AS requests, sum(r.failures) AS errors
            FROM ({Rows(range.Granularity)}) r JOIN series s ON s.id = r.series_id
            WHERE s.kind = 'endpoint'
            GROUP BY s.id ORDER BY {order}, s.metric, s.id LIMIT $limit;
            """;
        AddRange(top, range, connection);
        top.Parameters.AddWithValue("$limit", limit);
        var ranked = new List<(long Id, string Metric, string Tags, long Requests, long Errors)>();
        using (SqliteDataReader reader = await top.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                ranked.Add((reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.GetInt64(4)));
            }
        }

        using SqliteCommand buckets = connection.CreateCommand();
        buckets.CommandText = $"SELECT sum_buckets(r.buckets) FROM ({Rows(range.Granularity)}) r WHERE r.series_id = $series;";
        AddRange(buckets, range, connection);
        SqliteParameter series = buckets.Parameters.AddWithValue("$series", 0L);
        foreach ((long id, string metric, string tags, long requests, long errors) in ranked)
        {
            series.Value = id;
            object? merged = await buckets.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            yield return Totals(metric, TagsJson.Read(tags), requests, errors, merged as byte[]);
        }
    }

    /// <summary>
    /// Failure rates of every endpoint series, then of every tag value across each endpoint metric, highest first; with
    /// <paramref name="tag"/>, only the rates per value of that tag. Ranked and streamed by SQLite.
    /// </summary>
    public async IAsyncEnumerable<FailureTotals> FailureRatesAsync(HistoryRange range, string? tag = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        range.Validate();
        using SqliteConnection connection = _sink.Database.Connect();
        string perSeries = $"""
            SELECT s.metric, s.tags, sum(r.calls) AS requests, sum(r.failures) AS errors
            FROM ({Rows(range.Granularity)}) r JOIN series s ON s.id = r.series_id
            WHERE s.kind = 'endpoint'
            GROUP BY s.id
            """;
        const string Rank = "coalesce(CAST(errors AS REAL) / nullif(requests, 0), 0) DESC, requests DESC";
        if (tag is null)
        {
            using SqliteCommand series = connection.CreateCommand();
            series.CommandText = $"SELECT metric, tags, requests, errors FROM ({perSeries}) ORDER BY {Rank}, metric, tags;";
            AddRange(series, range, connection);
            using SqliteDataReader reader = await series.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                long requests = reader.GetInt64(2), errors = reader.GetInt64(3);
                string tags = string.Join(',', TagsJson.Read(reader.GetString(1)).Select(t => $"{t.Key}={t.Value}"));
                yield return new FailureTotals(reader.GetString(0), null, tags, requests, errors, Rate(errors, requests));
            }
        }

        using SqliteCommand values = connection.CreateCommand();
        values.CommandText = $"""
            SELECT metric, tag, value, requests, errors FROM (
                SELECT t.metric, j.key AS tag, j.value AS value, sum(t.requests) AS requests, sum(t.errors) AS errors
                FROM ({perSeries}) t, json_each(t.tags) j
                WHERE $tag IS NULL OR j.key = $tag
                GROUP BY t.metric, j.key, j.value)
            ORDER BY {Rank}, metric, tag, value;
            """;
        AddRange(values, range, connection);
        values.Parameters.AddWithValue("$tag", (object?)tag ?? DBNull.Value);
        using SqliteDataReader rows = await values.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await rows.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            long requests = rows.GetInt64(3), errors = rows.GetInt64(4);
            yield return new FailureTotals(rows.GetString(0), rows.GetString(1), rows.GetString(2), requests, errors, Rate(errors, requests));
        }
    }

    /// <summary>
    /// The fields of <paramref name="metric"/>'s kind, or <see langword="null"/> when nothing of it is stored. A metric
    /// has one kind at a time; when a redeploy changed it, the kind of its latest data counts, and the tag and
    /// time-series queries read only the series of that kind.
    /// </summary>
    public async Task<SeriesSchema?> SchemaOfAsync(string metric, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(metric);
        using SqliteConnection connection = _sink.Database.Connect();
        using SqliteCommand select = connection.CreateCommand();
        select.CommandText = """
            SELECT coalesce(
                (SELECT s.kind FROM rollup_minute m JOIN series s ON s.id = m.series_id WHERE s.metric = $metric ORDER BY m.bucket DESC LIMIT 1),
                (SELECT kind FROM series WHERE metric = $metric ORDER BY id DESC LIMIT 1));
            """;
        select.Parameters.AddWithValue("$metric", metric);
        return await select.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string kind ? SchemaOf(kind) : null;
    }

    /// <summary>
    /// Totals per value of <paramref name="tag"/> across the series of <paramref name="metric"/> (per client, per tenant),
    /// the first field of the metric's kind largest first.
    /// </summary>
    public async IAsyncEnumerable<TagValueTotals> TagValuesAsync(string metric, string tag, HistoryRange range, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (await SchemaOfAsync(metric, cancellationToken).ConfigureAwait(false) is not { } schema)
        {
            yield break;
        }

        // Per series first (in primary-key order, see Rows), then per tag value, ranked by SQLite: rows stream.
        range.Validate();
        using SqliteConnection connection = _sink.Database.Connect();
        using SqliteCommand select = connection.CreateCommand();
        select.CommandText = $"""
            SELECT coalesce(j.value, '') AS value, sum_buckets(t.buckets), {FieldColumns.Sums("t.")}
            FROM (
                SELECT s.tags, sum_buckets(r.buckets) AS buckets, {string.Join(", ", FieldColumns.Names.Select(n => $"sum(r.{n}) AS {n}"))}
                FROM ({Rows(range.Granularity)}) r JOIN series s ON s.id = r.series_id
                WHERE s.kind = $kind AND s.metric = $metric
                GROUP BY s.id) t
            LEFT JOIN json_each(t.tags) j ON j.key = $tag
            GROUP BY 1
            ORDER BY sum(t.{schema.Fields[0]}) DESC, 1;
            """;
        AddRange(select, range, connection);
        select.Parameters.AddWithValue("$kind", schema.Kind.ToName());
        select.Parameters.AddWithValue("$metric", metric);
        select.Parameters.AddWithValue("$tag", tag);
        using SqliteDataReader reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            LatencyHistogram histogram = Histogram(reader.IsDBNull(1) ? null : (byte[])reader.GetValue(1));
            yield return new TagValueTotals(reader.GetString(0), FieldColumns.For(schema, Columns(reader, first: 2)), Ms(histogram.Percentile(0.95)));
        }
    }

    /// <summary>The time series of <paramref name="metric"/> (all its series added up), one point per bucket of the range's granularity that has data.</summary>
    public async IAsyncEnumerable<TimePoint> TimeSeriesAsync(string metric, HistoryRange range, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        range.Validate();
        if (await SchemaOfAsync(metric, cancellationToken).ConfigureAwait(false) is not { } schema)
        {
            yield break;
        }

        using SqliteConnection connection = _sink.Database.Connect();
        using SqliteCommand select = connection.CreateCommand();
        select.CommandText = $"""
            SELECT r.bucket, sum_buckets(r.buckets), {FieldColumns.Sums("r.")}
            FROM ({Rows(range.Granularity)}) r JOIN series s ON s.id = r.series_id
            WHERE s.metric = $metric AND s.kind = $kind
            GROUP BY r.bucket ORDER BY r.bucket;
            """;
        AddRange(select, range, connection);
        select.Parameters.AddWithValue("$metric", metric);
        select.Parameters.AddWithValue("$kind", schema.Kind.ToName());
        using SqliteDataReader reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            LatencyHistogram histogram = Histogram(reader.IsDBNull(1) ? null : (byte[])reader.GetValue(1));
            yield return new TimePoint(
                DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64(0)),
                FieldColumns.For(schema, Columns(reader, first: 2)),
                Ms(histogram.Percentile(0.5)),
                Ms(histogram.Percentile(0.95)),
                Ms(histogram.Percentile(0.99)));
        }
    }

    /// <summary>Each series of <paramref name="metric"/> over the range: fields summed and buckets merged in SQL, the time covered the range's.</summary>
    public async Task<IReadOnlyList<SeriesAggregate>> SeriesAsync(string metric, HistoryRange range, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(metric);
        ArgumentNullException.ThrowIfNull(range);
        var aggregates = new List<SeriesAggregate>();
        await foreach (SeriesRow row in SeriesTotalsAsync(range, kind: null, metric, cancellationToken).ConfigureAwait(false))
        {
            var aggregate = new SeriesAggregate(row.Series, range.To - range.From);
            aggregate.Fields.Add(row.Fields);
            aggregate.Histogram?.Add(BucketBlob.Decode(row.Buckets));
            aggregates.Add(aggregate);
        }

        return aggregates;
    }

    /// <summary>Per series over the range: fields summed and buckets merged in SQL.</summary>
    private async IAsyncEnumerable<SeriesRow> SeriesTotalsAsync(HistoryRange range, string? kind, string? metric, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        range.Validate();
        using SqliteConnection connection = _sink.Database.Connect();
        using SqliteCommand select = connection.CreateCommand();
        select.CommandText = $"""
            SELECT s.metric, s.tags, s.kind, sum_buckets(r.buckets), s.has_duration, s.token_lifetime_seconds, {FieldColumns.Sums("r.")}
            FROM ({Rows(range.Granularity)}) r JOIN series s ON s.id = r.series_id
            WHERE ($kind IS NULL OR s.kind = $kind) AND ($metric IS NULL OR s.metric = $metric)
            GROUP BY s.id;
            """;
        AddRange(select, range, connection);
        select.Parameters.AddWithValue("$kind", (object?)kind ?? DBNull.Value);
        select.Parameters.AddWithValue("$metric", (object?)metric ?? DBNull.Value);
        using SqliteDataReader reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var series = new SeriesInfo(reader.GetString(0), SqliteHistorySource.KindOf(reader.GetString(2)), TagsJson.Read(reader.GetString(1)), reader.GetInt64(4) != 0, TimeSpan.FromSeconds(reader.GetInt64(5)));
            yield return new SeriesRow(
                series,
                FieldColumns.For(series.Schema, Columns(reader, first: 6)),
                reader.IsDBNull(3) ? null : (byte[])reader.GetValue(3));
        }
    }

    /// <summary>
    /// The rows of a granularity in the range; for hours and days also the minutes past the rollup
    /// watermark, bucketed to that granularity, so nothing written is missing.
    /// </summary>
    /// <remarks>
    /// The unary <c>+</c> keeps SQLite off the bucket index: reading in primary-key order
    /// (series, bucket) groups by series without a temporary tree and avoids one lookup per row —
    /// 0.16 s instead of 2.7 s for 24 h of 1,000 series, and faster even for one hour.
    /// </remarks>
    private static string Rows(Granularity granularity)
    {
        string columns = "series_id, {0} AS bucket, buckets, " + FieldColumns.List();
        string own = $"SELECT {string.Format(CultureInfo.InvariantCulture, columns, "bucket")} FROM {granularity.Table()} WHERE +bucket >= $from AND +bucket < $to";
        if (granularity == Granularity.Minute)
        {
            return own;
        }

        string bucket = $"(bucket - (bucket % {granularity.Seconds()}))";
        return $"{own} UNION ALL SELECT {string.Format(CultureInfo.InvariantCulture, columns, bucket)} FROM rollup_minute WHERE +bucket >= $watermark AND {bucket} >= $from AND {bucket} < $to";
    }

    private static void AddRange(SqliteCommand command, HistoryRange range, SqliteConnection connection)
    {
        long from = range.Granularity.BucketOf(range.From.ToUnixTimeSeconds());
        command.Parameters.AddWithValue("$from", from);
        // Buckets that start before To count: rounded up to the second, so the minute a range ends in (say at
        // 10:31:00.4) is not lost for starting on the same whole second (10:31:00).
        long to = range.To.ToUnixTimeSeconds();
        command.Parameters.AddWithValue("$to", range.To > DateTimeOffset.FromUnixTimeSeconds(to) ? to + 1 : to);
        command.Parameters.AddWithValue("$watermark", RollupState.Read(connection) ?? long.MinValue);
    }

    private static EndpointTotals Totals(string metric, IReadOnlyList<KeyValuePair<string, string>> tags, long requests, long errors, byte[]? buckets)
    {
        LatencyHistogram histogram = Histogram(buckets);
        return new EndpointTotals(metric, tags, requests, errors, Rate(errors, requests), Ms(histogram.Percentile(0.5)), Ms(histogram.Percentile(0.95)), Ms(histogram.Percentile(0.99)));
    }

    private static LatencyHistogram Histogram(byte[]? buckets)
    {
        var histogram = new LatencyHistogram();
        histogram.Add(BucketBlob.Decode(buckets));
        return histogram;
    }

    private static double Rate(long part, long whole) => whole == 0 ? 0 : Math.Round((double)part / whole, 4);

    private static double? Ms(double? nanoseconds) => nanoseconds is { } ns ? Math.Round(ns / NanosecondsPerMillisecond, 6) : null;

    private static long[] Columns(SqliteDataReader reader, int first)
    {
        var columns = new long[FieldColumns.Names.Count];
        for (int i = 0; i < columns.Length; i++)
        {
            columns[i] = reader.IsDBNull(first + i) ? 0 : reader.GetInt64(first + i);
        }

        return columns;
    }

    private static SeriesSchema SchemaOf(string kind) => SeriesSchema.Of(SqliteHistorySource.KindOf(kind));

    /// <summary>Orders endpoints so the fastest (the first to drop from a top list by p99) come first.</summary>
    private static readonly Comparer<EndpointTotals> SlowestLast = Comparer<EndpointTotals>.Create(static (a, b) =>
    {
        int order = (a.P99Ms ?? -1).CompareTo(b.P99Ms ?? -1);
        order = order != 0 ? order : a.Requests.CompareTo(b.Requests);
        return order != 0 ? order : string.CompareOrdinal(b.Name, a.Name);
    });

    private sealed record SeriesRow(SeriesInfo Series, SeriesFields Fields, byte[]? Buckets);
}
