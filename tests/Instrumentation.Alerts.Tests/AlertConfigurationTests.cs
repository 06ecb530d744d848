using Instrumentation.Snapshots;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Instrumentation.Alerts.Tests;

/// <summary>Rules from configuration in a real host: bad ones stop start-up naming the rule and the setting.</summary>
public sealed class AlertConfigurationTests
{
    [Fact]
    public async Task Every_bad_rule_stops_start_up_with_a_message_naming_the_rule_and_the_setting()
    {
        using IHost host = Build(
            ("0:Name", "errors"), ("0:Metric", "orders.checkout"), ("0:Field", "erorRate"), ("0:Threshold", ">> 0.05"),
            ("1:Name", "errors"), ("1:Metric", "orders.checkout"), ("1:Field", "p95"), ("1:Window", "2m"), ("1:Threshold", "> 1"), ("1:For", "5x"),
            ("2:Name", "trend"), ("2:Metric", "orders.checkout"), ("2:Field", "p95"), ("2:Trend", "ratio > 2"), ("2:Scope", "fleet"),
            ("3:Name", "both"), ("3:Metric", "m"), ("3:Field", "calls"), ("3:Threshold", "> 1"), ("3:Trend", "ratio > 2"),
            ("4:Metric", "m"), ("4:Field", "calls"), ("4:Threshold", "> NaN"));
        OptionsValidationException failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Equal(
            [
                "Instrumentation:Alerts:0 ('errors'): Field is 'erorRate'; use one of errorRate, p50, p95, p99, rate, hitRate, value, cost, calls, failures, issued, revoked, hits, misses, evictions, occurrences, valueSum, inputTokens, outputTokens, costMicros, rejected, unpriced.",
                "Instrumentation:Alerts:0 ('errors'): Threshold is '>> 0.05'; use >, >=, < or <= and a number, such as '> 0.05'.",
                "Instrumentation:Alerts:1 ('errors'): Name 'errors' is used by an earlier rule; rule names are unique.",
                "Instrumentation:Alerts:1 ('errors'): Window is '2m'; use 1m, 5m or 1h.",
                "Instrumentation:Alerts:1 ('errors'): For is '5x'; use a duration such as 0s, 30s, 5m, 1h or 00:05:00.",
                "Instrumentation:Alerts:2 ('trend'): Scope is fleet, but a trend's baseline comes from this instance's SQLite history; use a Threshold for a fleet rule, or Scope local.",
                "Instrumentation:Alerts:3 ('both'): set exactly one of Threshold (such as '> 0.05') and Trend (such as 'ratio > 2').",
                "Instrumentation:Alerts:4: Name is missing; give every rule a unique name.",
                "Instrumentation:Alerts:4: Threshold is '> NaN'; use >, >=, < or <= and a number, such as '> 0.05'.",
            ],
            failure.Failures);
    }

    [Fact]
    public async Task A_bare_number_for_For_an_empty_tag_value_and_rules_written_as_one_object_are_refused()
    {
        using IHost host = Build(("0:Name", "r"), ("0:Metric", "m"), ("0:Field", "calls"), ("0:Threshold", "> 1"), ("0:For", "90"), ("0:Tags:region", ""));
        OptionsValidationException failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Equal(
            [
                "Instrumentation:Alerts:0 ('r'): Tags:region is empty; a series never has an empty tag value, so the rule could never match. Remove the tag or give its value.",
                "Instrumentation:Alerts:0 ('r'): For is '90'; use a duration such as 0s, 30s, 5m, 1h or 00:05:00.",
            ],
            failure.Failures);

        using IHost single = Build(("Name", "r"), ("Metric", "m"), ("Field", "calls"), ("Threshold", "> 1"));
        failure = await Assert.ThrowsAsync<OptionsValidationException>(() => single.StartAsync());
        Assert.StartsWith("Instrumentation:Alerts is not a list (it has 'Field')", Assert.Single(failure.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_host_with_the_webhook_stops_and_is_disposed_without_throwing()
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection([new("Instrumentation:AlertWebhook:Url", "http://127.0.0.1:9/hook")]);
        builder.AddInstrumentation().AddAlertWebhook();
        IHost host = builder.Build();
        await host.StartAsync();
        AlertWebhook webhook = host.Services.GetRequiredService<AlertWebhook>();
        await host.StopAsync();

        // Disposed once per registration (the instance is registered as itself and as a handler): a second dispose threw before.
        host.Dispose();
        webhook.Dispose();
    }

    [Fact]
    public async Task A_rule_that_fires_in_the_hosts_last_flush_still_reaches_the_webhook()
    {
        await using WebhookReceiver receiver = await WebhookReceiver.StartAsync();
        HostApplicationBuilder builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection([
            new("Instrumentation:Interval", "01:00:00"),
            new("Instrumentation:Alerts:0:Name", "any work"),
            new("Instrumentation:Alerts:0:Metric", "shutdown.work"),
            new("Instrumentation:Alerts:0:Field", "calls"),
            new("Instrumentation:Alerts:0:Threshold", ">= 1"),
            new("Instrumentation:AlertWebhook:Url", receiver.Url.ToString())]);
        builder.AddInstrumentation().AddAlertWebhook();
        using IHost host = builder.Build();
        await host.StartAsync();

        // Nothing is collected before the stop (an hour's interval): the rule first holds in the last flush.
        Instrumentation.Probes.ProbeRegistry.Shared.GetOrAddEndpoint("shutdown.work").Default.Record(1_000_000, failed: false);
        await host.StopAsync();
        Assert.Equal(["any work/firing"], receiver.Accepted.Select(a => $"{a.Body.GetProperty("rule").GetString()}/{a.Body.GetProperty("state").GetString()}"));
    }

    [Fact]
    public async Task A_trend_without_history_and_a_fleet_rule_without_Redis_stop_start_up_saying_what_to_add()
    {
        using IHost host = Build(
            ("0:Name", "trend"), ("0:Metric", "m"), ("0:Field", "p95"), ("0:Trend", "zscore > 3"),
            ("1:Name", "fleet"), ("1:Metric", "m"), ("1:Field", "calls"), ("1:Threshold", "> 1"), ("1:Scope", "fleet"));
        OptionsValidationException failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Equal(
            [
                "Instrumentation:Alerts ('trend'): Trend needs a baseline from history, and no history is configured; add the SQLite sink (.AddSqlite()) or use a Threshold.",
                "Instrumentation:Alerts ('fleet'): Scope is fleet, and no fleet store is configured; add the Redis sink (.AddRedis()) or use Scope local.",
            ],
            failure.Failures);
    }

    [Fact]
    public async Task Good_rules_start_and_show_in_the_snapshot_in_configuration_order_with_their_tags()
    {
        using IHost host = Build(
            ("0:Name", "eu errors"), ("0:Metric", "orders.checkout"), ("0:Tags:region", "eu"), ("0:Field", "errorRate"), ("0:Threshold", "> 0.05"), ("0:For", "00:02:00"),
            ("1:Name", "no traffic"), ("1:Metric", "orders.checkout"), ("1:Field", "calls"), ("1:Window", "1h"), ("1:Threshold", "<= 0"));
        await host.StartAsync();
        InstrumentationSnapshot snapshot = await host.Services.GetRequiredService<SnapshotService>().GetSnapshotAsync(SnapshotWindow.OneMinute);
        Assert.Equal([("eu errors", "5m", "> 0.05"), ("no traffic", "1h", "<= 0")], snapshot.Alerts.Select(a => (a.Name, a.Window, a.Condition)));
        Assert.Equal("eu", snapshot.Alerts[0].Tags["region"]);
        await host.StopAsync();
    }

    private static IHost Build(params (string Key, string Value)[] rules)
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(rules.Select(r => new KeyValuePair<string, string?>($"Instrumentation:Alerts:{r.Key}", r.Value)));
        builder.AddInstrumentation();
        return builder.Build();
    }
}
