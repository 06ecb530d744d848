using System.Diagnostics;
using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Instrumentation.Probes;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Instrumentation.Benchmarks;

/// <summary>
/// One event on one thread: our generated probe methods against the floor (<c>Interlocked.Increment</c>),
/// OpenTelemetry .NET with a MeterProvider listening, and prometheus-net. The recording part of a timed
/// endpoint call is measured without its timestamps; two <c>Stopwatch.GetTimestamp</c> calls are measured apart.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class HotPathBenchmarks
{
    private readonly string[] _clients = ["web", "ios", "partner"];
    private readonly (string Model, string Provider)[] _models = [("gpt-4o", "openai"), ("gpt-4o-mini", "openai"), ("claude-sonnet", "anthropic")];
    private UsageProbe _usage = null!;
    private Histogram<long> _otelTokens = null!;
    private long _field;
    private EndpointSeries _endpoint = null!;
    private Meter _meter = null!;
    private MeterProvider _provider = null!;
    private Counter<long> _otelCounter = null!;
    private Histogram<double> _otelHistogram = null!;
    private Prometheus.Counter _promCounter = null!;
    private Prometheus.Counter _promLabelled = null!;
    private Prometheus.Counter.Child _promChild = null!;
    private Prometheus.Histogram _promHistogram = null!;
    private uint _i; // unsigned: billions of invocations wrap it, and a negative index would throw

    [GlobalSetup]
    public void Setup()
    {
        _endpoint = ProbeRegistry.Shared.GetOrAddEndpoint("bench.endpoint").Default;
        ProbeRegistry.Shared.UsagePrices = UsagePriceTable.From([new("gpt-4o", new UsagePrice { InputPerMillion = 2.5m, OutputPerMillion = 10m }), new("claude-sonnet", new UsagePrice { InputPerMillion = 3m, OutputPerMillion = 15m })]);
        _usage = ProbeRegistry.Shared.GetOrAddUsage("bench.llm", [TagDefinition.Text("model"), TagDefinition.Text("provider")], timed: true);
        _meter = new Meter("Bench.OpenTelemetry");
        _otelCounter = _meter.CreateCounter<long>("bench.otel.counter");
        _otelHistogram = _meter.CreateHistogram<double>("bench.otel.histogram");
        _otelTokens = _meter.CreateHistogram<long>("bench.otel.tokens");
        _provider = Sdk.CreateMeterProviderBuilder()
            .AddMeter("Bench.OpenTelemetry")
            .AddReader(new PeriodicExportingMetricReader(new DiscardingExporter(), exportIntervalMilliseconds: 60_000))
            .Build()!;
        Prometheus.CollectorRegistry registry = Prometheus.Metrics.NewCustomRegistry();
        Prometheus.MetricFactory factory = Prometheus.Metrics.WithCustomRegistry(registry);
        _promCounter = factory.CreateCounter("bench_prom_counter", "counter");
        _promLabelled = factory.CreateCounter("bench_prom_labelled", "labelled", "client");
        _promChild = _promLabelled.WithLabels("web");
        _promHistogram = factory.CreateHistogram("bench_prom_histogram", "histogram");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _provider.Dispose();
        _meter.Dispose();
    }

    [Benchmark(Baseline = true), BenchmarkCategory("counter")]
    public long InterlockedIncrement() => Interlocked.Increment(ref _field);

    [Benchmark, BenchmarkCategory("counter")]
    public void Ours_counter() => BenchProbes.Counted();

    [Benchmark, BenchmarkCategory("counter")]
    public void OpenTelemetry_counter() => _otelCounter.Add(1);

    [Benchmark, BenchmarkCategory("counter")]
    public void PrometheusNet_counter() => _promCounter.Inc();

    [Benchmark(Baseline = true), BenchmarkCategory("one tag")]
    public void OpenTelemetry_counter_1_tag() => _otelCounter.Add(1, new KeyValuePair<string, object?>("client", _clients[++_i % 3]));

    [Benchmark, BenchmarkCategory("one tag")]
    public void Ours_1_string_tag() => BenchProbes.ByClient(_clients[++_i % 3]);

    [Benchmark, BenchmarkCategory("one tag")]
    public void Ours_1_enum_tag() => BenchProbes.ByAspect((Aspect)(++_i % 3));

    [Benchmark, BenchmarkCategory("one tag")]
    public void PrometheusNet_cached_child() => _promChild.Inc();

    [Benchmark, BenchmarkCategory("one tag")]
    public void PrometheusNet_WithLabels() => _promLabelled.WithLabels(_clients[++_i % 3]).Inc();

    [Benchmark(Baseline = true), BenchmarkCategory("three tags")]
    public void OpenTelemetry_counter_3_tags() => _otelCounter.Add(
        1,
        new KeyValuePair<string, object?>("aspect", "Write"),
        new KeyValuePair<string, object?>("client", _clients[++_i % 3]),
        new KeyValuePair<string, object?>("status", 200));

    [Benchmark, BenchmarkCategory("three tags")]
    public void Ours_3_tags() => BenchProbes.Three(Aspect.Write, _clients[++_i % 3], 200);

    [Benchmark(Baseline = true), BenchmarkCategory("timed")]
    public void OpenTelemetry_histogram_and_counter()
    {
        _otelHistogram.Record(0.0012);
        _otelCounter.Add(1);
    }

    [Benchmark, BenchmarkCategory("timed")]
    public void OpenTelemetry_histogram() => _otelHistogram.Record(0.0012);

    [Benchmark, BenchmarkCategory("timed")]
    public void PrometheusNet_histogram() => _promHistogram.Observe(0.0012);

    [Benchmark, BenchmarkCategory("timed")]
    public void Ours_timed_call_recording_only() => _endpoint.Record(1_200_000, failed: false);

    [Benchmark, BenchmarkCategory("timed")]
    public long Two_Stopwatch_timestamps() => Stopwatch.GetTimestamp() - Stopwatch.GetTimestamp();

    /// <summary>
    /// One LLM call's usage as OpenTelemetry's GenAI instruments take it: input and output tokens into the token
    /// histogram (model, provider, token type) and the duration into the duration histogram.
    /// </summary>
    [Benchmark(Baseline = true), BenchmarkCategory("usage")]
    public void OpenTelemetry_GenAI_tokens_and_duration()
    {
        (string model, string provider) = _models[++_i % 3];
        var tags = new TagList { { "gen_ai.request.model", model }, { "gen_ai.provider.name", provider } };
        _otelHistogram.Record(0.8, tags);
        tags.Add("gen_ai.token.type", "input");
        _otelTokens.Record(120, tags);
        tags[2] = new KeyValuePair<string, object?>("gen_ai.token.type", "output");
        _otelTokens.Record(80, tags);
    }

    /// <summary>The same call as our usage series keep it: one record of tokens, cost and duration on the model's and provider's series.</summary>
    [Benchmark, BenchmarkCategory("usage")]
    public void Ours_usage_record()
    {
        (string model, string provider) = _models[++_i % 3];
        var key = new SeriesKey(0);
        key.Add(model);
        key.Add(provider);
        _usage.GetSeries(in key).Record(inputTokens: 120, outputTokens: 80, costMicros: 1_100, elapsedNanoseconds: 800_000_000, failed: false);
    }

    /// <summary>The call through a generated <c>[TrackUsage]</c> probe method: tokens priced by the model from the registry's prices (one of the three models has none), no duration.</summary>
    [Benchmark, BenchmarkCategory("usage")]
    public void Ours_TrackUsage_probe_method_priced()
    {
        (string model, string provider) = _models[++_i % 3];
        BenchProbes.LlmCompleted(model, provider, inputTokens: 120, outputTokens: 80, failed: false);
    }
}
