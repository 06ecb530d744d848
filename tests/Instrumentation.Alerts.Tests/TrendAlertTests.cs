using System.Globalization;
using Instrumentation.Sinks.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace Instrumentation.Alerts.Tests;

/// <summary>Trend rules: the window's value against its own baseline in a real SQLite history.</summary>
public sealed class TrendAlertTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-12-03T10:00:30Z", CultureInfo.InvariantCulture));
    private readonly string _folder = Directory.CreateTempSubdirectory("instrumentation-alerts-").FullName;

    [Theory]
    [InlineData("ratio > 3")]
    [InlineData("zscore > 3")]
    public async Task A_p95_well_above_its_baseline_fires_once_and_resolves_once_it_is_back(string trend)
    {
        await using var sink = new SqliteMetricsSink(new SqliteSinkOptions { Path = Path.Combine(_folder, "history.db") }, _time);
        var handler = new RecordingAlertHandler();
        AlertRule rule = new() { Name = "slow checkout", Metric = "orders.checkout", Field = "p95", Window = "1m", Trend = trend, BaselineWindows = 6 };
        await using var app = new AlertInstance(_time, [rule], [handler], sinks: [sink], history: new HistoryQueries(sink));

        // Eight minutes of 10 ms calls in history.
        for (int minute = 0; minute < 8; minute++)
        {
            app.Record(calls: 10, milliseconds: 10);
            await app.CollectAsync();
            _time.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.Equal("inactive", app.State("slow checkout").State);
        Assert.InRange(app.State("slow checkout").Baseline!.Value, 9, 11);

        app.Record(calls: 10, milliseconds: 100);
        await app.CollectAsync();
        Instrumentation.Snapshots.AlertSnapshot firing = app.State("slow checkout");
        Assert.Equal("firing", firing.State);
        Assert.InRange(firing.Value!.Value, 90, 110);
        Assert.InRange(firing.Baseline!.Value, 9, 11);
        Assert.True(firing.Score > 3, $"score {firing.Score}");
        Assert.Equal($"{trend} over 6 windows", firing.Condition);

        for (int minute = 0; minute < 3; minute++)
        {
            _time.Advance(TimeSpan.FromMinutes(1));
            app.Record(calls: 10, milliseconds: 10);
            await app.CollectAsync();
        }

        Assert.Equal(["firing", "resolved"], handler.Notifications.Select(n => n.State));
        Assert.Equal("resolved", app.State("slow checkout").State);
    }

    [Fact]
    public async Task Without_enough_baseline_windows_a_trend_says_nothing()
    {
        await using var sink = new SqliteMetricsSink(new SqliteSinkOptions { Path = Path.Combine(_folder, "empty.db") }, _time);
        var handler = new RecordingAlertHandler();
        AlertRule rule = new() { Name = "burst", Metric = "orders.checkout", Field = "rate", Window = "1m", Trend = "ratio > 2" };
        await using var app = new AlertInstance(_time, [rule], [handler], sinks: [sink], history: new HistoryQueries(sink));
        app.Record(calls: 1000);
        await app.CollectAsync();
        Assert.Equal(("inactive", (double?)null, (double?)null), (app.State("burst").State, app.State("burst").Baseline, app.State("burst").Score));
        Assert.Empty(handler.Notifications);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
