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

        series.Record(inputTokens: -5, outputTokens: 7, costMicros: -1, failed: false);
        series.Record(inputTokens: 3, outputTokens: -2, costMicros: 9, failed: false);
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

    [Fact]
    public async Task Calls_without_a_cost_are_priced_by_the_registrys_table_and_the_rest_count_as_unpriced()
    {
        var registry = new ProbeRegistry();
        UsageProbe usage = registry.GetOrAddUsage("llm", [TagDefinition.Text("model")]);
        await using var collector = new InstrumentationCollector(registry, timeProvider: _time);
        UsageSeries Model(string model)
        {
            var key = new SeriesKey(0);
            key.Add(model);
            return usage.GetSeries(in key);
        }

        // Recorded before any price is known: unpriced.
        Model("gpt-4o").RecordPriced(inputTokens: 1_000, outputTokens: 100, failed: false);
        registry.UsagePrices = UsagePriceTable.From([new("GPT-4o", new UsagePrice { InputPerMillion = 2.5m, OutputPerMillion = 10m })]);
        Parallel.For(0, 4, _ =>
        {
            for (int i = 0; i < 10_000; i++)
            {
                Model("gpt-4o").RecordPriced(inputTokens: 1_000, outputTokens: 100, failed: false);
                Model("local-llama").RecordPriced(inputTokens: 10, outputTokens: 5, failed: false);
            }
        });

        // A failed call with no tokens has nothing to price.
        Model("local-llama").RecordPriced(inputTokens: 0, outputTokens: 0, failed: true);
        _time.Advance(TimeSpan.FromSeconds(1));
        collector.Collect();
        IReadOnlyList<UsageSnapshot> snapshot = (await new SnapshotService([new LocalSnapshotSource(collector.Windows)], _time).GetSnapshotAsync(SnapshotWindow.OneMinute)).Usage;

        UsageSnapshot priced = snapshot.Single(u => u.Tags["model"] == "gpt-4o");
        // 1,000 × 2.5 + 100 × 10 = 3,500 millionths per call, for 40,000 calls; the first call is unpriced.
        Assert.Equal((40_001L, 140_000_000L, 1L), (priced.Calls, priced.CostMicros, priced.Unpriced));
        UsageSnapshot unpriced = snapshot.Single(u => u.Tags["model"] == "local-llama");
        Assert.Equal((40_001L, 400_000L, 0L, 40_000L), (unpriced.Calls, unpriced.InputTokens, unpriced.CostMicros, unpriced.Unpriced));
    }

    [Fact]
    public void A_price_on_the_integer_path_costs_exactly_what_the_decimal_rule_says()
    {
        var random = new Random(15);
        decimal[] prices = [0m, 0.02m, 0.15m, 2.5m, 3m, 10m, 75m, 0.0375m, 4_294.967295m, 4_294.967296m, 0.0000005m, 1_000_000_000m];
        long[] counts = [0, 1, 2, 3, 999_999, 1_000_000, (1L << 30) - 1, 1L << 30, long.MaxValue / 2, long.MaxValue];
        foreach (decimal input in prices)
        {
            foreach (decimal output in prices)
            {
                var reference = new UsagePrice { InputPerMillion = input, OutputPerMillion = output };
                UsagePriceTable table = UsagePriceTable.From([new("m", reference)]);
                foreach ((long inputTokens, long outputTokens) in counts.SelectMany(a => counts.Select(b => (a, b))).Concat(Enumerable.Range(0, 200).Select(_ => (random.NextInt64(0, 1L << 31), random.NextInt64(0, 1L << 31)))))
                {
                    Assert.True(table.TryGetCostMicros("m", inputTokens, outputTokens, out long cost));
                    Assert.True(reference.CostMicros(inputTokens, outputTokens) == cost, $"{inputTokens} × {input} + {outputTokens} × {output}: {cost}, expected {reference.CostMicros(inputTokens, outputTokens)}");
                }
            }
        }
    }

    [Fact]
    public void A_price_table_refuses_an_empty_model_and_a_price_out_of_range_naming_it()
    {
        ArgumentException outOfRange = Assert.Throws<ArgumentException>(() => UsagePriceTable.From([new("gpt-4o", new UsagePrice { OutputPerMillion = -1m })]));
        Assert.Contains("OutputPerMillion of 'gpt-4o'", outOfRange.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => UsagePriceTable.From([new(string.Empty, new UsagePrice())]));
        Assert.False(UsagePriceTable.Empty.TryGetCostMicros("gpt-4o", 1, 1, out _));
    }

    [Fact]
    public async Task An_amount_past_a_trillion_is_rejected_so_totals_never_wrap_negative()
    {
        var registry = new ProbeRegistry();
        UsageSeries series = registry.GetOrAddUsage("llm").Default;
        await using var collector = new InstrumentationCollector(registry, timeProvider: _time);

        series.Record(inputTokens: long.MaxValue, outputTokens: 5, costMicros: long.MaxValue, failed: false);
        series.Record(inputTokens: long.MaxValue, outputTokens: UsageSeries.MaxAmount, costMicros: UsageSeries.MaxAmount + 1, failed: false);
        _time.Advance(TimeSpan.FromSeconds(1));
        collector.Collect();
        UsageSnapshot usage = (await new SnapshotService([new LocalSnapshotSource(collector.Windows)], _time).GetSnapshotAsync(SnapshotWindow.OneMinute)).Usage.Single();

        Assert.Equal((2L, 0L, 5L + UsageSeries.MaxAmount, 0L, 4L), (usage.Calls, usage.InputTokens, usage.OutputTokens, usage.CostMicros, usage.Rejected));
    }
}
