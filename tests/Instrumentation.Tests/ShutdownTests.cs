using Instrumentation.Collection;
using Instrumentation.Probes;
using Microsoft.Extensions.Logging;

namespace Instrumentation.Tests;

/// <summary>Stopping the collector is bounded by the caller's token, whatever a sink does.</summary>
public sealed class ShutdownTests
{
    [Fact]
    public async Task A_sink_that_never_completes_lets_stop_return_within_its_token_and_says_what_was_not_written()
    {
        var registry = new ProbeRegistry();
        registry.GetOrAddEvent("stuck", [TagDefinition.Text("n")]);
        var logger = new ListLogger();
        var collector = new InstrumentationCollector(registry, [new NeverCompletingSink()], logger: logger);
        for (int i = 0; i < 3; i++)
        {
            var key = new SeriesKey(0);
            key.Add(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            ((EventProbe)registry.Find("stuck")!).GetSeries(in key).Increment();
        }

        collector.Collect();
        using var shutdown = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        Task stopping = collector.StopAsync(shutdown.Token);
        Task first = await Task.WhenAny(stopping, Task.Delay(TimeSpan.FromSeconds(30)));

        Assert.Same(stopping, first);
        await stopping;
        Assert.Single(logger.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("'never' stopped with 3 series", StringComparison.Ordinal) && e.Message.Contains("did not finish", StringComparison.Ordinal));
        Assert.DoesNotContain(logger.Entries, e => e.Message.Contains("failed; its deltas stay pending", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_sink_cancelled_at_shutdown_is_not_logged_as_failing()
    {
        var registry = new ProbeRegistry();
        registry.GetOrAddEvent("slow").Default.Increment();
        var logger = new ListLogger();
        var collector = new InstrumentationCollector(registry, [new CancellableSlowSink()], logger: logger);
        collector.Collect();
        using var shutdown = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await collector.StopAsync(shutdown.Token);

        Assert.DoesNotContain(logger.Entries, e => e.Message.Contains("failed; its deltas stay pending", StringComparison.Ordinal));
        Assert.Single(logger.Entries, e => e.Message.Contains("'slow' stopped with 1 series", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_sink_that_fails_until_shutdown_is_said_to_have_been_failing_with_the_failed_and_the_newer_delta_both_unwritten()
    {
        var registry = new ProbeRegistry();
        EventSeries events = registry.GetOrAddEvent("down").Default;
        var sink = new RecordingSink();
        sink.FailNext(int.MaxValue);
        var logger = new ListLogger();
        var collector = new InstrumentationCollector(registry, [sink], logger: logger);
        events.Increment();
        await collector.FlushAsync();
        events.Increment();
        collector.Collect();

        await collector.StopAsync(CancellationToken.None);

        Assert.Single(logger.Entries, e => e.Message.Contains("'recording' stopped with 2 series deltas unwritten: its writes were failing", StringComparison.Ordinal));
    }

    private sealed class NeverCompletingSink : IInstrumentationSink
    {
        public string Name => "never";

        public ValueTask WriteAsync(MetricsBatch batch, CancellationToken cancellationToken) => new(new TaskCompletionSource().Task);
    }

    private sealed class CancellableSlowSink : IInstrumentationSink
    {
        public string Name => "slow";

        public async ValueTask WriteAsync(MetricsBatch batch, CancellationToken cancellationToken) =>
            await Task.Delay(Timeout.Infinite, cancellationToken);
    }
}
