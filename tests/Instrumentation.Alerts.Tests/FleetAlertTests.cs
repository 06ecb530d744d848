using System.Globalization;
using System.Text.Json;
using Instrumentation.AI.Tests;
using Instrumentation.Sinks.Redis.Tests;
using Instrumentation.Sinks.Redis;
using Microsoft.Extensions.Time.Testing;

namespace Instrumentation.Alerts.Tests;

/// <summary>Fleet rules: two instances sharing a real redis-server, one of them evaluating and notifying at a time.</summary>
public sealed class FleetAlertTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-12-03T10:00:00Z", CultureInfo.InvariantCulture));

    private static AlertRule FleetErrors() => new()
    {
        Name = "fleet errors",
        Metric = "orders.checkout",
        Field = "errorRate",
        Window = "1m",
        Threshold = "> 0.05",
        Scope = "fleet",
    };

    [Fact]
    public async Task A_fleet_rule_fires_on_the_fleets_totals_once_and_resolves_once_when_another_instance_took_over()
    {
        await using RedisServer redis = await RedisServer.StartAsync(persistent: false);
        await using WebhookReceiver receiver = await WebhookReceiver.StartAsync();
        using var webhook = new AlertWebhook(new AlertWebhookOptions { Url = receiver.Url, RetryDelay = TimeSpan.FromMilliseconds(50) });
        // a alone fails 4 % of its calls, under the threshold; with b's the fleet fails 9 of 110.
        await using Member a = new(redis, "a", _time, webhook);
        a.App.Record(calls: 100, failures: 4);
        await a.App.CollectAsync();
        Assert.Equal(("inactive", 0.04), (a.App.State("fleet errors").State, a.App.State("fleet errors").Value));

        // b starts once a holds the lease (each evaluates as its collector starts: started together, either could take it).
        await using Member b = new(redis, "b", _time, webhook);
        b.App.Record(calls: 10, failures: 5);
        await b.App.CollectAsync();
        await a.App.Alerts.EvaluateAsync();
        await b.App.Alerts.EvaluateAsync();
        Assert.Equal((true, false), (a.App.Alerts.Leading, b.App.Alerts.Leading));
        Assert.Equal(("firing", 9 / 110.0), (a.App.State("fleet errors").State, a.App.State("fleet errors").Value));
        Assert.Equal(("firing", a.App.State("fleet errors").FiringSince), (b.App.State("fleet errors").State, b.App.State("fleet errors").FiringSince));

        // a stops (giving the lease up); the failures leave the window; b takes over and resolves it, once.
        await a.App.Alerts.ReleaseAsync(default);
        _time.Advance(TimeSpan.FromMinutes(2));
        await b.App.CollectAsync();
        await b.App.Alerts.EvaluateAsync();
        Assert.True(b.App.Alerts.Leading);
        Assert.Equal("resolved", b.App.State("fleet errors").State);

        await webhook.FlushAsync(default);
        Assert.Equal(
            [("firing", "a", "fleet errors/1796292000000/firing"), ("resolved", "b", "fleet errors/1796292000000/resolved")],
            receiver.Accepted.Select(n => (n.Body.GetProperty("state").GetString(), n.Body.GetProperty("instance").GetString(), n.Body.GetProperty("id").GetString())));
        Assert.All(receiver.Accepted, n => Assert.Equal("fleet", n.Body.GetProperty("scope").GetString()));
    }

    [Fact]
    public async Task While_Redis_is_down_a_fleet_rule_keeps_its_state_and_nothing_is_thrown_and_a_restarted_Redis_is_carried_on_from()
    {
        await using RedisServer redis = await RedisServer.StartAsync();
        var handler = new RecordingAlertHandler();
        var log = new ListLogger<AlertEvaluator>();
        await using Member a = new(redis, "a", _time, handler, log);
        a.App.Record(calls: 10, failures: 10);
        await a.App.CollectAsync();
        Assert.Equal("firing", a.App.State("fleet errors").State);

        await redis.StopAsync();
        _time.Advance(TimeSpan.FromMinutes(2));
        await a.App.CollectAsync();
        await a.App.CollectAsync();
        Assert.Equal("firing", a.App.State("fleet errors").State);
        Assert.Single(log.Entries, e => e.Message.Contains("could not read the fleet store", StringComparison.Ordinal));

        // Redis is back with its data (persistent): the same holder resolves it, once.
        await redis.StartAgainAsync();
        for (int attempt = 0; a.App.State("fleet errors").State == "firing"; attempt++)
        {
            Assert.True(attempt < 300, "The rule did not resolve within 30 s of Redis coming back.");
            await Task.Delay(100);
            await a.App.Alerts.EvaluateAsync();
        }

        Assert.Equal(["firing", "resolved"], handler.Notifications.Select(n => n.State));
        Assert.Single(log.Entries, e => e.Message.Contains("read the fleet store again", StringComparison.Ordinal));
    }

    /// <summary>An instance of the fleet: its Redis sink, the fleet source and the lease on it, and the fleet rule.</summary>
    private sealed class Member : IAsyncDisposable
    {
        private readonly RedisMetricsSink _sink;

        public Member(RedisServer redis, string id, FakeTimeProvider time, IAlertHandler handler, ListLogger<AlertEvaluator>? log = null)
        {
            _sink = new RedisMetricsSink(new RedisSinkOptions { Configuration = redis.Configuration, InstanceId = id, KeyPrefix = "alerts" }, time);
            App = new AlertInstance(time, [FleetErrors()], [handler], log, [_sink], new RedisFleetSource(_sink), fleet: new RedisAlertCoordinator(_sink));
        }

        public AlertInstance App { get; }

        public async ValueTask DisposeAsync()
        {
            await App.DisposeAsync();
            await _sink.DisposeAsync();
        }
    }
}
