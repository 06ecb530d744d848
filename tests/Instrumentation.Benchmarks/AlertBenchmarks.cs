using BenchmarkDotNet.Attributes;
using Instrumentation.Alerts;
using Instrumentation.Collection;
using Instrumentation.Probes;
using Instrumentation.Snapshots;
using Instrumentation.Windows;

namespace Instrumentation.Benchmarks;

/// <summary>
/// One evaluation of the alert rules (what runs after each collection) on this process's 5-minute window, as series and
/// rules grow: the series spread over 100 endpoint metrics, each rule on one metric (half error rates, half p95s over
/// every series of its metric).
/// </summary>
[MemoryDiagnoser]
public class AlertBenchmarks
{
    private AlertEvaluator _alerts = null!;

    [Params(100, 10_000)]
    public int Series { get; set; }

    [Params(10, 1_000)]
    public int Rules { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var time = new SettableTime(DateTimeOffset.UtcNow);
        var windows = new LocalWindowStore(time);
        int first = LatencyBuckets.IndexOf(5_000_000);
        var deltas = new SeriesDelta[Series];
        for (int i = 0; i < Series; i++)
        {
            var info = new SeriesInfo($"bench.metric{i % 100}", ProbeKind.Endpoint, [new("route", $"/api/items/{i}")], hasDuration: true);
            BucketCount[] buckets = [.. Enumerable.Range(0, 32).Select(b => new BucketCount(first + b, 10))];
            deltas[i] = new SeriesDelta(info, new SeriesFields(SeriesSchema.Endpoint) { [FieldNames.Calls] = 320, [FieldNames.Failures] = i % 7 }, value: 0, durationSumNanoseconds: 320 * 21_000_000L, buckets);
        }

        windows.Add(new MetricsBatch(time.Now.AddSeconds(-1), time.Now, deltas));
        AlertRule[] rules = [.. Enumerable.Range(0, Rules).Select(r => new AlertRule
        {
            Name = $"rule {r}",
            Metric = $"bench.metric{r % 100}",
            Field = r % 2 == 0 ? "errorRate" : "p95",
            Threshold = r % 2 == 0 ? "> 0.5" : "> 1000",
        })];
        _alerts = new AlertEvaluator(rules, TimeSpan.FromSeconds(1), timeProvider: time, sources: [new LocalSnapshotSource(windows)]);
    }

    [Benchmark]
    public Task Evaluate() => _alerts.EvaluateAsync();
}
