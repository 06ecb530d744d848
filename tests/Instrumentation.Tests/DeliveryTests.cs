using System.Globalization;
using Instrumentation.Collection;
using Instrumentation.Probes;
using Microsoft.Extensions.Time.Testing;

namespace Instrumentation.Tests;

/// <summary>The pump owns delivery: a failed batch is retried unchanged with growing, jittered delays, newer deltas wait.</summary>
public sealed class DeliveryTests
{
    [Fact]
    public async Task A_failed_batch_is_retried_unchanged_and_newer_deltas_wait_in_the_next_batch()
    {
        var registry = new ProbeRegistry();
        EventSeries events = registry.GetOrAddEvent("orders").Default;
        var sink = new RecordingSink();
        sink.FailNext(2);
        await using var collector = new InstrumentationCollector(registry, [sink]);

        events.Add(5);
        await collector.FlushAsync();
        events.Add(7);
        await collector.FlushAsync();
        events.Add(11);
        await collector.FlushAsync();
        await collector.FlushAsync();

        // Attempts: the first batch fails twice, then succeeds unchanged; the newer deltas (7 and 11) follow as one batch.
        Assert.Equal(23, sink.Counter("orders", EventFields.Occurrences));
        (Guid firstId, Dictionary<string, long> first) = sink.Attempts[0];
        Assert.All(sink.Attempts.Take(3), a => Assert.Equal((firstId, 5L), (a.DeliveryId, a.FirstFields["orders"])));
        Assert.Equal(18, sink.Attempts[3].FirstFields["orders"]);
        Assert.NotEqual(firstId, sink.Attempts[3].DeliveryId);
        Assert.Equal(4, sink.Attempts.Count);
        Assert.Equal(5, first["orders"]);
    }

    [Fact]
    public async Task Retries_wait_longer_each_time_within_their_jitter_and_stop_growing_at_the_maximum()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-02T10:00:00Z", CultureInfo.InvariantCulture));
        var registry = new ProbeRegistry();
        registry.GetOrAddEvent("retried").Default.Add(1);
        var sink = new RecordingSink();
        sink.FailNext(5);
        var options = new CollectorOptions { Interval = TimeSpan.FromHours(1), RetryDelay = TimeSpan.FromSeconds(4), MaxRetryDelay = TimeSpan.FromSeconds(16) };
        await using var collector = new InstrumentationCollector(registry, [sink], options, time);
        collector.Collect();
        await WaitUntil(() => sink.FailedWrites == 1);

        // Each retry comes after half its delay at the earliest and the whole delay at the latest: 4, 8, 16, 16 s.
        foreach (int delaySeconds in new[] { 4, 8, 16, 16 })
        {
            int failed = sink.FailedWrites;
            time.Advance(TimeSpan.FromSeconds(delaySeconds / 2.0) - TimeSpan.FromMilliseconds(1));
            await Task.Delay(30);
            Assert.Equal((failed, 0), (sink.FailedWrites, sink.Writes));
            time.Advance(TimeSpan.FromSeconds(delaySeconds / 2.0) + TimeSpan.FromMilliseconds(1));
            await WaitUntil(() => sink.FailedWrites + sink.Writes > failed);
        }

        time.Advance(TimeSpan.FromSeconds(16));
        await WaitUntil(() => sink.Writes == 1);
        Assert.Equal(1, sink.Counter("retried", EventFields.Occurrences));
        Assert.Single(sink.Attempts.Select(a => a.DeliveryId).Distinct());
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (int i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition(), "the condition was not met within 5 s");
    }
}
