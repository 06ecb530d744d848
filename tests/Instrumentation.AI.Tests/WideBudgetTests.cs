using System.Globalization;
using Instrumentation.Collection;
using Instrumentation.Probes;
using Instrumentation.Sinks.Redis;
using Instrumentation.Sinks.Redis.Tests;
using Instrumentation.Sinks.Sqlite;
using Instrumentation.Snapshots;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Instrumentation.AI.Tests;

/// <summary>Budgets kept on the widest source configured: the fleet's totals in Redis for an hour, SQLite history for a month.</summary>
public sealed class WideBudgetTests : IAsyncDisposable
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-12-02T10:20:00Z", CultureInfo.InvariantCulture));
    private readonly string _folder = Directory.CreateTempSubdirectory("instrumentation-budgets-").FullName;

    [Fact]
    public async Task An_hour_budget_is_kept_on_the_fleets_total_and_each_instance_crosses_each_threshold_once_per_hour()
    {
        await using RedisServer redis = await RedisServer.StartAsync(persistent: false);
        // The budget is 100 millionths an hour; each call sends 30 input tokens at a millionth each.
        await using Instance a = new(redis, "a", _time);
        await using Instance b = new(redis, "b", _time);

        // 30 + 30 = 60 % of the fleet's budget, though each instance alone spent 30 %.
        await a.CallAsync(30);
        await b.CallAsync(30);
        await ReadFleetAsync(a, b);
        Assert.Equal([50], a.Handler.Alerts.Select(x => x.ThresholdPercent));
        Assert.Equal([50], b.Handler.Alerts.Select(x => x.ThresholdPercent));
        Assert.Equal(("fleet", 0.00006m, "warning"), (a.Budgets.Budgets[0].Source, a.Budgets.Budgets[0].Spent, a.Budgets.Budgets[0].State));

        // 120 %: b's enforced budget now refuses its calls, though b spent only 30.
        await a.CallAsync(60);
        await ReadFleetAsync(a, b);
        Assert.Equal([50, 80, 100], b.Handler.Alerts.Select(x => x.ThresholdPercent));
        Assert.Equal([50, 80, 100], a.Handler.Alerts.Select(x => x.ThresholdPercent));
        await Assert.ThrowsAsync<UsageBudgetExceededException>(() => b.CallAsync(1));

        // A new hour starts from the fleet's 0, and its thresholds are crossed afresh.
        _time.AdjustTime(DateTimeOffset.Parse("2026-12-02T11:00:05Z", CultureInfo.InvariantCulture));
        await ReadFleetAsync(a, b);
        Assert.Equal(("ok", 0m), (b.Budgets.Budgets[0].State, b.Budgets.Budgets[0].Spent));
        await b.CallAsync(50);
        await ReadFleetAsync(a, b);
        Assert.Equal([50, 80, 100, 50], a.Handler.Alerts.Select(x => x.ThresholdPercent));
        Assert.Equal(DateTimeOffset.Parse("2026-12-02T11:00:00Z", CultureInfo.InvariantCulture), a.Handler.Alerts[^1].PeriodStart);
    }

    [Fact]
    public async Task While_Redis_is_down_the_fleet_budget_keeps_its_last_total_says_so_once_and_throws_nothing()
    {
        await using RedisServer redis = await RedisServer.StartAsync();
        var log = new ListLogger<UsageBudgets>();
        await using Instance a = new(redis, "a", _time, log);
        await a.CallAsync(60);
        await ReadFleetAsync(a);
        Assert.Equal(0.00006m, a.Budgets.Budgets[0].Spent);

        await redis.StopAsync();
        await ReadFleetAsync(a);
        await ReadFleetAsync(a);
        Assert.Equal(("fleet", 0.00006m, "warning"), (a.Budgets.Budgets[0].Source, a.Budgets.Budgets[0].Spent, a.Budgets.Budgets[0].State));
        Assert.Single(log.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("could not read the fleet totals", StringComparison.Ordinal));

        await redis.StartAgainAsync();
        await a.CallAsync(30);
        await a.DeliveredAsync();
        await ReadFleetAsync(a);
        Assert.Equal(0.00009m, a.Budgets.Budgets[0].Spent);
        Assert.Single(log.Entries, e => e.Level == LogLevel.Information && e.Message.Contains("read the fleet totals again", StringComparison.Ordinal));
    }

    [Fact]
    public async Task One_source_down_is_logged_once_while_the_other_answers()
    {
        await using RedisServer redis = await RedisServer.StartAsync(persistent: false);
        await using var fleetSink = new RedisMetricsSink(new RedisSinkOptions { Configuration = redis.Configuration, InstanceId = "a", KeyPrefix = "budgets" }, _time);
        await using var historySink = new SqliteMetricsSink(new SqliteSinkOptions { Path = Path.Combine(_folder, "h.db") }, _time);
        await redis.StopAsync();
        var options = new UsageOptions();
        options.Budgets.Add(new UsageBudget { Name = "hourly", LimitTokens = 100, Period = BudgetPeriod.Hour });
        options.Budgets.Add(new UsageBudget { Name = "daily", LimitTokens = 100, Period = BudgetPeriod.Day });
        var log = new ListLogger<UsageBudgets>();
        var budgets = new UsageBudgets(options, timeProvider: _time, logger: log, sources: [new RedisFleetSource(fleetSink), new SqliteHistorySource(historySink)]);

        for (int write = 0; write < 4; write++)
        {
            _time.Advance(TimeSpan.FromSeconds(15));
            await budgets.WriteAsync(new MetricsBatch(_time.GetUtcNow(), _time.GetUtcNow(), [], Guid.CreateVersion7()), default);
        }

        Assert.Single(log.Entries, e => e.Level == LogLevel.Warning);
        Assert.Contains("could not read the fleet totals", log.Entries.Single(e => e.Level == LogLevel.Warning).Message, StringComparison.Ordinal);
        Assert.DoesNotContain(log.Entries, e => e.Message.Contains("again", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_month_budget_is_kept_on_history_past_minute_retention_and_survives_a_restart()
    {
        string path = Path.Combine(_folder, "history.db");
        var options = Options(new UsageBudget { Name = "monthly tokens", LimitTokens = 1_000, Period = BudgetPeriod.Month });
        await using (var first = new HistoryInstance(path, options, _time))
        {
            await first.CallAsync(600);
        }

        // Three days later (minute rows are kept an hour here), a new process reads the month so far from history.
        _time.Advance(TimeSpan.FromDays(3));
        await using var second = new HistoryInstance(path, options, _time);
        await second.Sink.RollUpAsync();
        await second.CallAsync(300);
        BudgetSnapshot state = Assert.Single(second.Budgets.Budgets);
        Assert.Equal(("history", 900m, "warning"), (state.Source, state.Spent, state.State));
        Assert.Equal([50, 80], second.Handler.Alerts.Select(x => x.ThresholdPercent));
        Assert.Equal(DateTimeOffset.Parse("2026-12-01T00:00:00Z", CultureInfo.InvariantCulture), state.PeriodStart);
    }

    [Fact]
    public async Task In_a_host_with_Redis_and_SQLite_an_hour_budget_is_the_fleets_and_a_day_budget_historys()
    {
        await using RedisServer redis = await RedisServer.StartAsync(persistent: false);
        HostApplicationBuilder builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection([
            new("Instrumentation:Usage:Budgets:0:Name", "hourly tokens"),
            new("Instrumentation:Usage:Budgets:0:LimitTokens", "1000"),
            new("Instrumentation:Usage:Budgets:0:Period", "Hour"),
            new("Instrumentation:Usage:Budgets:1:Name", "daily tokens"),
            new("Instrumentation:Usage:Budgets:1:LimitTokens", "1000"),
            new("Instrumentation:Redis:Configuration", redis.Configuration),
            new("Instrumentation:Sqlite:Path", Path.Combine(_folder, "host.db"))]);
        builder.Services.AddSingleton<TimeProvider>(_time);
        builder.AddInstrumentation().AddRedis().AddSqlite().AddUsage();
        using IHost host = builder.Build();
        await host.StartAsync();

        InstrumentationSnapshot snapshot = await host.Services.GetRequiredService<SnapshotService>().GetSnapshotAsync(SnapshotWindow.OneMinute);
        Assert.Equal([("hourly tokens", "fleet"), ("daily tokens", "history")], snapshot.Budgets.Select(b => (b.Name, b.Source)));
        await host.StopAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Task.Yield();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>Gives every instance a read of the fleet: the interval passes, then each flushes (its budgets read Redis again).</summary>
    private async Task ReadFleetAsync(params Instance[] instances)
    {
        _time.Advance(TimeSpan.FromSeconds(15));
        foreach (Instance instance in instances)
        {
            await instance.Collector.FlushAsync();
        }
    }

    private static UsageOptions Options(UsageBudget budget)
    {
        var options = new UsageOptions();
        options.Prices["gpt-4o"] = new UsagePrice { InputPerMillion = 1m };
        options.Budgets.Add(budget);
        return options;
    }

    /// <summary>One process of the fleet: its registry, Redis sink, budgets on the fleet source, collector and chat client.</summary>
    private sealed class Instance : IAsyncDisposable
    {
        private readonly RedisMetricsSink _sink;
        private readonly IChatClient _client;

        public Instance(RedisServer redis, string id, TimeProvider time, ILogger<UsageBudgets>? logger = null)
        {
            var registry = new ProbeRegistry();
            UsageOptions options = Options(new UsageBudget { Name = "fleet hourly", LimitCost = 0.0001m, Period = BudgetPeriod.Hour, Enforce = true });
            _sink = new RedisMetricsSink(new RedisSinkOptions { Configuration = redis.Configuration, InstanceId = id, KeyPrefix = "budgets" }, time);
            Budgets = new UsageBudgets(options, [Handler], time, logger, [new RedisFleetSource(_sink)]);
            Collector = new InstrumentationCollector(registry, [_sink, Budgets], new CollectorOptions { Interval = TimeSpan.FromHours(1) }, time);
            _client = new InstrumentingChatClient(new LocalChatClient("openai", "gpt-4o", outputTokens: 0), registry, options, budgets: Budgets);
        }

        public RecordingBudgetHandler Handler { get; } = new();

        public UsageBudgets Budgets { get; }

        public InstrumentationCollector Collector { get; }

        /// <summary>One call of <paramref name="tokens"/> input tokens, delivered to Redis.</summary>
        public async Task CallAsync(int tokens)
        {
            await _client.GetResponseAsync(new string('x', tokens));
            await Collector.FlushAsync();
        }

        /// <summary>Flushes until Redis has taken every delta (once it is back, the client reconnects in its own time).</summary>
        public async Task DeliveredAsync()
        {
            for (int attempt = 0; Collector.PendingDeltas(_sink) > 0; attempt++)
            {
                Assert.True(attempt < 300, "Redis did not take the deltas within 30 s of coming back.");
                await Task.Delay(100);
                await Collector.FlushAsync();
            }
        }

        public async ValueTask DisposeAsync()
        {
            _client.Dispose();
            await Collector.DisposeAsync();
            await _sink.DisposeAsync();
        }
    }

    /// <summary>One process writing SQLite history, with budgets kept on it.</summary>
    private sealed class HistoryInstance : IAsyncDisposable
    {
        private readonly IChatClient _client;
        private readonly FakeTimeProvider _time;

        public HistoryInstance(string path, UsageOptions options, FakeTimeProvider time)
        {
            _time = time;
            var registry = new ProbeRegistry();
            Sink = new SqliteMetricsSink(new SqliteSinkOptions { Path = path, MaxLatency = TimeSpan.FromDays(1), RollupInterval = TimeSpan.FromDays(1), MinuteRetention = TimeSpan.FromHours(1) }, time);
            Budgets = new UsageBudgets(options, [Handler], time, sources: [new SqliteHistorySource(Sink)]);
            Collector = new InstrumentationCollector(registry, [Sink, Budgets], new CollectorOptions { Interval = TimeSpan.FromHours(1) }, time);
            _client = new InstrumentingChatClient(new LocalChatClient("openai", "gpt-4o", outputTokens: 0), registry, options, budgets: Budgets);
        }

        public SqliteMetricsSink Sink { get; }

        public RecordingBudgetHandler Handler { get; } = new();

        public UsageBudgets Budgets { get; }

        public InstrumentationCollector Collector { get; }

        /// <summary>One call of <paramref name="tokens"/> input tokens, written to the file; once the read interval passed, the budgets read it.</summary>
        public async Task CallAsync(int tokens)
        {
            await _client.GetResponseAsync(new string('x', tokens));
            await Collector.FlushAsync();
            _time.Advance(TimeSpan.FromSeconds(15));
            await Collector.FlushAsync();
        }

        public async ValueTask DisposeAsync()
        {
            _client.Dispose();
            await Collector.DisposeAsync();
            await Sink.DisposeAsync();
        }
    }
}
