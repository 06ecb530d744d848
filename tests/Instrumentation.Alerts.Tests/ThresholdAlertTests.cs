using System.Globalization;
using Instrumentation.AI.Tests;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Instrumentation.Alerts.Tests;

/// <summary>Threshold rules on this process's windows, with a fake clock: pending, firing and resolved exactly once each.</summary>
public sealed class ThresholdAlertTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-12-03T10:00:00Z", CultureInfo.InvariantCulture));

    private static AlertRule ErrorRate(string @for = "2m") => new()
    {
        Name = "checkout errors",
        Metric = "orders.checkout",
        Field = "errorRate",
        Window = "1m",
        Threshold = "> 0.05",
        For = @for,
    };

    [Fact]
    public async Task A_rule_goes_pending_then_fires_once_after_its_for_duration_then_resolves_once()
    {
        var handler = new RecordingAlertHandler();
        var log = new ListLogger<AlertEvaluator>();
        await using var app = new AlertInstance(_time, [ErrorRate()], [handler], log);

        // 2 of 10 failed: 0.2 > 0.05, pending for two minutes.
        app.Record(calls: 10, failures: 2);
        await app.CollectAsync();
        Assert.Equal(("pending", 0.2), (app.State("checkout errors").State, app.State("checkout errors").Value));
        Assert.Equal(_time.GetUtcNow(), app.State("checkout errors").ActiveSince);

        _time.Advance(TimeSpan.FromSeconds(61));
        app.Record(calls: 10, failures: 1);
        await app.CollectAsync();
        Assert.Equal("pending", app.State("checkout errors").State);
        Assert.Empty(handler.Notifications);

        // Two minutes after it started holding, it fires; later evaluations keep it firing without telling again.
        _time.Advance(TimeSpan.FromSeconds(59));
        app.Record(calls: 10, failures: 1);
        await app.CollectAsync();
        await app.CollectAsync();
        _time.Advance(TimeSpan.FromSeconds(10));
        await app.CollectAsync();
        DateTimeOffset firedAt = DateTimeOffset.Parse("2026-12-03T10:02:00Z", CultureInfo.InvariantCulture);
        Assert.Equal(("firing", firedAt), (app.State("checkout errors").State, app.State("checkout errors").FiringSince));
        AlertNotification firing = Assert.Single(handler.Notifications);
        Assert.Equal(("firing", "local", "errorRate", "1m", "> 0.05", firedAt), (firing.State, firing.Scope, firing.Field, firing.Window, firing.Condition, firing.At));
        Assert.Equal($"checkout errors/{firedAt.ToUnixTimeMilliseconds()}/firing", firing.Id);

        // The window empties out: no calls, no error rate, resolved once.
        _time.Advance(TimeSpan.FromMinutes(2));
        await app.CollectAsync();
        await app.CollectAsync();
        Assert.Equal(["firing", "resolved"], handler.Notifications.Select(n => n.State));
        AlertNotification resolved = handler.Notifications[1];
        Assert.Equal((firedAt, _time.GetUtcNow(), (double?)null), (resolved.FiringSince, resolved.At, resolved.Value));
        Assert.Equal(("resolved", _time.GetUtcNow()), (app.State("checkout errors").State, app.State("checkout errors").ResolvedAt));

        Assert.Single(log.Entries, e => e.Level == LogLevel.Warning && e.Message.StartsWith("Alert 'checkout errors' is firing: errorRate of orders.checkout over 1m", StringComparison.Ordinal));
        Assert.Single(log.Entries, e => e.Level == LogLevel.Information && e.Message.StartsWith("Alert 'checkout errors' resolved", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_condition_that_stops_holding_before_its_for_duration_never_notifies()
    {
        var handler = new RecordingAlertHandler();
        await using var app = new AlertInstance(_time, [ErrorRate()], [handler]);
        app.Record(calls: 10, failures: 5);
        await app.CollectAsync();
        Assert.Equal("pending", app.State("checkout errors").State);

        // A minute later the failures are out of the window and the new calls succeed.
        _time.Advance(TimeSpan.FromSeconds(90));
        app.Record(calls: 100);
        await app.CollectAsync();
        Assert.Equal(("inactive", 0.0, (DateTimeOffset?)null), (app.State("checkout errors").State, app.State("checkout errors").Value, app.State("checkout errors").ActiveSince));
        Assert.Empty(handler.Notifications);
    }

    [Fact]
    public async Task Without_a_for_duration_the_first_evaluation_that_holds_fires_and_rules_watch_only_their_tags()
    {
        var handler = new RecordingAlertHandler();
        AlertRule us = ErrorRate(@for: "0s");
        us.Name = "us errors";
        us.Tags["region"] = "us";
        AlertRule slow = new() { Name = "slow checkout", Metric = "orders.checkout", Field = "p95", Window = "5m", Threshold = ">= 400" };
        await using var app = new AlertInstance(_time, [us, slow], [handler]);

        app.Record(calls: 100, failures: 50, region: "eu");
        app.Record(calls: 19, milliseconds: 20, region: "us");
        app.Record(calls: 1, failures: 1, milliseconds: 500, region: "us");
        await app.CollectAsync();

        // us: 1 of 20 = 0.05, not above 0.05 (eu's failures are not us's); p95 of all 120 calls, merged, is 20 ms.
        Assert.Equal(("inactive", 0.05), (app.State("us errors").State, app.State("us errors").Value));
        Assert.Equal("inactive", app.State("slow checkout").State);

        app.Record(calls: 1, failures: 1, region: "us");
        app.Record(calls: 5, milliseconds: 800);
        await app.CollectAsync();
        Assert.Equal("firing", app.State("us errors").State);
        Assert.Equal("inactive", app.State("slow checkout").State);

        // 5 slow calls of 126 are under 5 %; 2 more make the p95 theirs.
        app.Record(calls: 2, milliseconds: 800);
        await app.CollectAsync();
        Assert.Equal("firing", app.State("slow checkout").State);
        Assert.InRange(app.State("slow checkout").Value!.Value, 750, 850);
        Assert.Equal(["us errors", "slow checkout"], handler.Notifications.Select(n => n.Rule));
        Assert.Equal(new Dictionary<string, string> { ["region"] = "us" }, handler.Notifications[0].Tags);
    }

    [Fact]
    public async Task A_failing_handler_is_logged_and_the_next_one_still_told()
    {
        var handler = new RecordingAlertHandler();
        var log = new ListLogger<AlertEvaluator>();
        await using var app = new AlertInstance(_time, [ErrorRate(@for: "0s")], [new ThrowingHandler(), handler], log);
        app.Record(calls: 1, failures: 1);
        await app.CollectAsync();
        Assert.Single(handler.Notifications);
        Assert.Single(log.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("ThrowingHandler failed for rule 'checkout errors'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_snapshot_shows_each_rule_as_of_its_last_evaluation_in_configuration_order()
    {
        AlertRule calls = new() { Name = "no traffic", Metric = "orders.checkout", Field = "calls", Window = "5m", Threshold = "< 1" };
        await using var app = new AlertInstance(_time, [ErrorRate(), calls]);
        Assert.Equal(["checkout errors", "no traffic"], (await app.Snapshots.GetSnapshotAsync(Snapshots.SnapshotWindow.OneMinute)).Alerts.Select(a => a.Name));

        // Nothing called: a sum over no series is 0, so "calls < 1" holds.
        await app.CollectAsync();
        var snapshot = await app.Snapshots.GetSnapshotAsync(Snapshots.SnapshotWindow.OneMinute);
        Assert.Equal([("checkout errors", "inactive", (double?)null), ("no traffic", "firing", 0.0)], snapshot.Alerts.Select(a => (a.Name, a.State, a.Value)));
        Assert.Equal("< 1", snapshot.Alerts[1].Condition);
    }

    [Fact]
    public async Task A_field_the_metrics_kind_lacks_is_logged_once_as_a_rule_that_can_never_hold()
    {
        var log = new ListLogger<AlertEvaluator>();
        AlertRule rule = new() { Name = "cache on an endpoint", Metric = "orders.checkout", Field = "hitRate", Window = "1m", Threshold = "< 0.5" };
        await using var app = new AlertInstance(_time, [rule], logger: log);
        app.Record(calls: 3);
        await app.CollectAsync();
        await app.CollectAsync();
        Assert.Equal("inactive", app.State("cache on an endpoint").State);
        Assert.Single(log.Entries, e => e.Level == LogLevel.Warning && e.Message == "Alert 'cache on an endpoint' can never hold: orders.checkout is of kind endpoint, which has no hitRate. Choose a field of its kind (see docs/alerts.md).");
    }

    private sealed class ThrowingHandler : IAlertHandler
    {
        public ValueTask OnAlertAsync(AlertNotification notification, CancellationToken cancellationToken) => throw new InvalidOperationException("down");
    }
}
