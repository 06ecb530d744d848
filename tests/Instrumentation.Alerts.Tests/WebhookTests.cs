using System.Globalization;
using System.Text.Json;
using Instrumentation.AI.Tests;
using Instrumentation.Sinks.Redis.Tests;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Instrumentation.Alerts.Tests;

/// <summary>The webhook handler against a real receiver on loopback.</summary>
public sealed class WebhookTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-12-03T10:00:00Z", CultureInfo.InvariantCulture));

    [Fact]
    public async Task Firing_and_resolved_each_reach_the_receiver_once_in_order_after_a_refused_first_post()
    {
        await using WebhookReceiver receiver = await WebhookReceiver.StartAsync(refuseFirst: 1);
        var log = new ListLogger<AlertWebhook>();
        var options = new AlertWebhookOptions { Url = receiver.Url, RetryDelay = TimeSpan.FromMilliseconds(50) };
        options.Headers["Authorization"] = "Bearer very-secret-token";
        using var webhook = new AlertWebhook(options, TimeProvider.System, log);
        await using (var app = new AlertInstance(_time, [new AlertRule { Name = "checkout errors", Metric = "orders.checkout", Field = "errorRate", Window = "1m", Threshold = "> 0.05" }], [webhook]))
        {
            app.Record(calls: 4, failures: 1);
            await app.CollectAsync();
            _time.Advance(TimeSpan.FromMinutes(2));
            await app.CollectAsync();
            await app.CollectAsync();
        }

        IReadOnlyList<JsonElement> bodies = await receiver.WaitForAsync(2);
        await webhook.FlushAsync(default);
        Assert.Equal(3, receiver.Requests);
        Assert.Equal(["firing", "resolved"], bodies.Select(b => b.GetProperty("state").GetString()));
        Assert.Equal(["checkout errors/1796292000000/firing", "checkout errors/1796292000000/resolved"], bodies.Select(b => b.GetProperty("id").GetString()));
        Assert.Equal(0.25, bodies[0].GetProperty("value").GetDouble());
        Assert.Equal("orders.checkout", bodies[0].GetProperty("metric").GetString());
        Assert.All(receiver.Accepted, a => Assert.Equal("Bearer very-secret-token", a.Authorization));

        // The refusal was logged naming the host, never the URL's path or the header.
        Assert.Single(log.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("HTTP 500", StringComparison.Ordinal) && e.Message.Contains($"http://{receiver.Url.Authority}/…", StringComparison.Ordinal));
        Assert.DoesNotContain(log.Entries, e => e.Message.Contains("secret", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_receiver_that_refuses_with_a_4xx_is_not_retried_and_one_that_never_answers_is_given_up_after_MaxAttempts()
    {
        var log = new ListLogger<AlertWebhook>();
        await using WebhookReceiver receiver = await WebhookReceiver.StartAsync();
        var missing = new Uri($"http://{receiver.Url.Authority}/not-here");
        using var refused = new AlertWebhook(new AlertWebhookOptions { Url = missing, RetryDelay = TimeSpan.FromMilliseconds(10) }, TimeProvider.System, log);
        using var unreachable = new AlertWebhook(new AlertWebhookOptions { Url = new Uri($"http://127.0.0.1:{LoopbackPort.Free()}/hook"), RetryDelay = TimeSpan.FromMilliseconds(10), MaxAttempts = 3 }, TimeProvider.System, log);
        AlertNotification notification = new("r/1/firing", "r", "firing", "local", "me", "m", new Dictionary<string, string>(), "calls", "1m", "> 0", 1, null, null, _time.GetUtcNow(), _time.GetUtcNow());
        await refused.OnAlertAsync(notification, default);
        await unreachable.OnAlertAsync(notification, default);

        // Flushing (as the host does after its last evaluation) waits for what is queued to be posted or given up.
        await refused.FlushAsync(default);
        await unreachable.FlushAsync(default);
        Assert.Single(log.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("refused notification r/1/firing with HTTP 404", StringComparison.Ordinal));
        Assert.Equal(2, log.Entries.Count(e => e.Level == LogLevel.Warning && e.Message.Contains("retrying", StringComparison.Ordinal)));
        Assert.Single(log.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("was dropped: 3 attempts failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Flushing_waits_at_most_one_timeout_for_a_receiver_that_never_answers_and_logs_what_it_dropped()
    {
        // Accepts connections (the backlog does) and never answers.
        var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start();
        try
        {
            var log = new ListLogger<AlertWebhook>();
            var url = new Uri($"http://127.0.0.1:{((System.Net.IPEndPoint)silent.LocalEndpoint).Port}/hook");
            using var webhook = new AlertWebhook(new AlertWebhookOptions { Url = url, Timeout = TimeSpan.FromSeconds(1) }, TimeProvider.System, log);
            AlertNotification notification = new("r/1/firing", "r", "firing", "local", "me", "m", new Dictionary<string, string>(), "calls", "1m", "> 0", 1, null, null, _time.GetUtcNow(), _time.GetUtcNow());
            await webhook.OnAlertAsync(notification, default);
            await webhook.OnAlertAsync(notification with { Id = "r/1/resolved", State = "resolved" }, default);

            await webhook.FlushAsync(default);
            Assert.Single(log.Entries, e => e.Level == LogLevel.Error && e.Message.StartsWith("The host stopped before 2 alert notification(s) reached the webhook", StringComparison.Ordinal));
        }
        finally
        {
            silent.Stop();
        }
    }

    [Fact]
    public void Bad_options_are_refused_naming_the_setting()
    {
        string[] failures = [.. new AlertWebhookOptions { Url = new Uri("/relative", UriKind.Relative), MaxAttempts = 0, Timeout = TimeSpan.Zero }.Failures()];
        Assert.Equal(3, failures.Length);
        Assert.StartsWith("Instrumentation:AlertWebhook:Url is not an absolute http or https URL", failures[0], StringComparison.Ordinal);
        Assert.Contains(failures, f => f.StartsWith("Instrumentation:AlertWebhook:Timeout", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Instrumentation:AlertWebhook:MaxAttempts is 0", StringComparison.Ordinal));
    }
}
