using Instrumentation.Collection;
using Instrumentation.Probes;
using Instrumentation.Snapshots;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Instrumentation.History;

namespace Instrumentation.Sinks.Sqlite.Tests;

/// <summary>The rollup tables name their columns after the fields, and a file written before that is upgraded in place.</summary>
public sealed class NamedColumnTests : IDisposable
{
    private const string EmptyTags = "{}";
    private static readonly DateTimeOffset s_now = new(2026, 12, 2, 10, 30, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(s_now);
    private readonly TempDatabase _db = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task Every_field_of_every_kind_has_a_column_of_its_name_and_no_positional_column_is_left()
    {
        await using SqliteMetricsSink sink = NewSink();

        foreach (string table in new[] { "rollup_minute", "rollup_hour", "rollup_day" })
        {
            string[] columns = [.. _db.Rows($"SELECT name FROM pragma_table_info('{table}')").Select(r => (string)r[0]!)];
            Assert.All(SeriesSchema.All.SelectMany(s => s.Fields), field => Assert.Contains(field, columns));
            Assert.DoesNotContain("c0", columns);
        }
    }

    [Fact]
    public async Task A_file_written_with_positional_columns_keeps_every_count_under_its_field_name()
    {
        long minute = s_now.ToUnixTimeSeconds() - (s_now.ToUnixTimeSeconds() % 60) - 60;
        using (var connection = new SqliteConnection($"Data Source={_db.Path};Pooling=False"))
        {
            connection.Open();
            Execute(connection, SqliteMigrations.All[0] + "PRAGMA user_version = 1;");
            (string Key, string Kind, long C0, long C1, long C2)[] rows =
            [
                ("api.orders", "endpoint", 40, 3, 0),
                ("tokens", "token", 7, 2, 0),
                ("catalog", "cache", 90, 10, 4),
                ("orders.placed", "event", 12, 0, 0),
            ];
            foreach ((string key, string kind, long c0, long c1, long c2) in rows)
            {
                Execute(connection, $"""
                    INSERT INTO series (key, metric, kind, tags, has_duration, token_lifetime_seconds) VALUES ('{key}', '{key}', '{kind}', '{EmptyTags}', 0, 3600);
                    INSERT INTO rollup_minute (series_id, bucket, c0, c1, c2) SELECT id, {minute}, {c0}, {c1}, {c2} FROM series WHERE key = '{key}';
                    INSERT INTO rollup_hour (series_id, bucket, c0, c1, c2) SELECT id, {minute - (minute % 3600)}, {c0}, {c1}, {c2} FROM series WHERE key = '{key}';
                    """);
            }
        }

        await using SqliteMetricsSink sink = NewSink();
        IReadOnlyList<SeriesAggregate> history = await new SqliteHistorySource(sink).ReadAsync(TimeSpan.FromHours(1), CancellationToken.None);

        Assert.Equal(SqliteMigrations.Latest, _db.Scalar("PRAGMA user_version"));
        SeriesFields Fields(string metric) => history.Single(a => a.Series.Metric == metric).Fields;
        Assert.Equal((40, 3), (Fields("api.orders")[FieldNames.Calls], Fields("api.orders")[FieldNames.Failures]));
        Assert.Equal((7, 2), (Fields("tokens")[FieldNames.Issued], Fields("tokens")[FieldNames.Revoked]));
        Assert.Equal((90, 10, 4), (Fields("catalog")[FieldNames.Hits], Fields("catalog")[FieldNames.Misses], Fields("catalog")[FieldNames.Evictions]));
        Assert.Equal((12, 0), (Fields("orders.placed")[FieldNames.Occurrences], Fields("orders.placed")[FieldNames.ValueSum]));
        Assert.Equal(90, _db.Scalar("SELECT hits FROM rollup_hour h JOIN series s ON s.id = h.series_id WHERE s.key = 'catalog'"));
        Assert.Equal(0, _db.Scalar("SELECT hits FROM rollup_minute m JOIN series s ON s.id = m.series_id WHERE s.key = 'api.orders'"));
    }

    [Fact]
    public async Task A_metric_redeployed_as_another_kind_with_the_same_tags_is_read_as_its_new_kind()
    {
        await using (SqliteMetricsSink sink = NewSink())
        {
            var before = new ProbeRegistry();
            before.GetOrAddEndpoint("documents.edits").Default.Record(1_000_000, failed: false);
            await using var collector = new InstrumentationCollector(before, [sink], timeProvider: _time);
            await collector.FlushAsync();
        }

        _time.Advance(TimeSpan.FromMinutes(2));
        await using SqliteMetricsSink after = NewSink();
        var redeployed = new ProbeRegistry();
        redeployed.GetOrAddEvent("documents.edits").Default.Add(7);
        await using (var collector = new InstrumentationCollector(redeployed, [after], timeProvider: _time))
        {
            await collector.FlushAsync();
        }

        _time.Advance(TimeSpan.FromSeconds(30));
        IReadOnlyList<SeriesAggregate> history = await new SqliteHistorySource(after).ReadAsync(TimeSpan.FromHours(1), CancellationToken.None);
        var queries = new HistoryQueries(after);
        TimePoint[] points = await queries.TimeSeriesAsync("documents.edits", HistoryRange.Last(TimeSpan.FromHours(1), _time.GetUtcNow())).ToArrayAsync();

        Assert.Equal(SeriesSchema.Event, await queries.SchemaOfAsync("documents.edits"));
        Assert.Equal(7, history.Where(a => a.Series.Kind == ProbeKind.Event).Sum(a => a.Fields[FieldNames.Occurrences]));
        Assert.Equal(7, points.Sum(p => p.Fields[FieldNames.Occurrences]));
    }

    [Fact]
    public async Task A_range_ending_within_a_minute_includes_that_minute()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 10, 31, 0, TimeSpan.Zero).AddMilliseconds(400));
        await using var sink = new SqliteMetricsSink(new SqliteSinkOptions { Path = _db.Path, MaxLatency = TimeSpan.FromDays(1), RollupInterval = TimeSpan.FromDays(1) }, time);
        var registry = new ProbeRegistry();
        registry.GetOrAddEndpoint("early.work").Default.Record(1_000_000, failed: false);
        await using (var collector = new InstrumentationCollector(registry, [sink], timeProvider: time))
        {
            await collector.FlushAsync();
        }

        EndpointTotals[] top = await new HistoryQueries(sink).TopEndpointsAsync(HistoryRange.Last(TimeSpan.FromHours(1), time.GetUtcNow())).ToArrayAsync();

        Assert.Equal(1, Assert.Single(top).Requests);
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private SqliteMetricsSink NewSink() =>
        new(new SqliteSinkOptions { Path = _db.Path, MaxLatency = TimeSpan.FromDays(1), RollupInterval = TimeSpan.FromDays(1) }, _time);
}
