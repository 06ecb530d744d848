using System.Globalization;
using Instrumentation.Collection;
using Instrumentation.Probes;
using Instrumentation.Snapshots;
using Microsoft.Extensions.Time.Testing;

namespace Instrumentation.Tests;

/// <summary>Usage series: calls to a metered service with tokens in and out and cost, exact under threads.</summary>
public sealed class UsageTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-12-02T10:00:00Z", CultureInfo.InvariantCulture));

    [Fact]
    public async Task Tokens_cost_and_failures_are_exact_per_model_and_provider_under_threads()
    {
        var registry = new ProbeRegistry();
        UsageProbe usage = registry.GetOrAddUsage("llm", [TagDefinition.Text("model"), TagDefinition.Text("provider")]);
        (string Model, string Provider)[] pairs = [("gpt-4o", "openai"), ("claude", "anthropic")];
        await using var collector = new InstrumentationCollector(registry, timeProvider: _time);

        Parallel.For(0, 4, thread =>
        {
            for (int i = 0; i < 50_000; i++)
            {
                var key = new SeriesKey(0);
                key.Add(pairs[i & 1].Model);
                key.Add(pairs[i & 1].Provider);
                usage.GetSeries(in key).Record(inputTokens: 100, outputTokens: 1 + (i % 3), costMicros: 250, failed: (i / 2) % 10 == 0);
            }
        });
        _time.Advance(TimeSpan.FromSeconds(1));
        collector.Collect();
        InstrumentationSnapshot snapshot = await new SnapshotService([new LocalSnapshotSource(collector.Windows)], _time).GetSnapshotAsync(SnapshotWindow.OneMinute);

        Assert.Equal(2, snapshot.Usage.Count);
        foreach (UsageSnapshot series in snapshot.Usage)
        {
            // Per pair: 4 threads × 25,000 calls.
            Assert.Equal((100_000L, 10_000L, 10_000_000L, 25_000_000L, 0.1, 250.0), (series.Calls, series.Failures, series.InputTokens, series.CostMicros, series.FailureRate, series.AverageCostMicrosPerCall));
        }

        // Output tokens 1 + i % 3 for i below 50,000: 99,999 per thread.
        Assert.Equal(4 * 99_999L, snapshot.Usage.Sum(u => u.OutputTokens));
        Assert.Equal(["anthropic", "openai"], snapshot.Usage.Select(u => u.Tags["provider"]).Order());
        Assert.All(snapshot.Usage, u => Assert.Null(u.P50Ms));
    }

    [Fact]
    public async Task A_negative_amount_is_recorded_as_zero_and_counted_as_rejected()
    {
        var registry = new ProbeRegistry();
        UsageSeries series = registry.GetOrAddUsage("llm").Default;
        await using var collector = new InstrumentationCollector(registry, timeProvider: _time);

        series.Record(inputTokens: -5, outputTokens: 7, costMicros: -1);
        series.Record(inputTokens: 3, outputTokens: -2, costMicros: 9);
        _time.Advance(TimeSpan.FromSeconds(1));
        collector.Collect();
        UsageSnapshot usage = (await new SnapshotService([new LocalSnapshotSource(collector.Windows)], _time).GetSnapshotAsync(SnapshotWindow.OneMinute)).Usage.Single();

        Assert.Equal((2L, 3L, 7L, 9L, 3L), (usage.Calls, usage.InputTokens, usage.OutputTokens, usage.CostMicros, usage.Rejected));
    }

    [Fact]
    public async Task A_timed_scope_counts_the_call_with_the_tokens_set_before_it_ends_and_its_duration()
    {
        var registry = new ProbeRegistry();
        UsageSeries series = registry.GetOrAddUsage("llm", timed: true).Default;
        await using var collector = new InstrumentationCollector(registry, timeProvider: _time);

        using (TrackingScope scope = series.Start())
        {
            series.AddAmounts(inputTokens: 40, outputTokens: 60, costMicros: 1_000);
        }

        series.Record(inputTokens: 10, outputTokens: 30, costMicros: 500, elapsedNanoseconds: 2_000_000_000, failed: true);
        _time.Advance(TimeSpan.FromSeconds(1));
        collector.Collect();
        UsageSnapshot usage = (await new SnapshotService([new LocalSnapshotSource(collector.Windows)], _time).GetSnapshotAsync(SnapshotWindow.OneMinute)).Usage.Single();

        Assert.Equal((2L, 1L, 50L, 90L, 1_500L), (usage.Calls, usage.Failures, usage.InputTokens, usage.OutputTokens, usage.CostMicros));
        Assert.NotNull(usage.P95Ms);
        // 90 output tokens over 2 s and the scope's own (tiny) duration.
        Assert.InRange(usage.OutputTokensPerSecond!.Value, 90 / 3.0, 90 / 2.0);
    }
}
