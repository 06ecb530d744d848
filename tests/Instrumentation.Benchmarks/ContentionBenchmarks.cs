using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Instrumentation.Benchmarks;

/// <summary>
/// Two threads hammering one metric: the time per operation over both threads (throughput = 1 / mean).
/// Each invocation runs <see cref="PerThread"/> operations on each of two started threads, through a
/// delegate; <see cref="Ours_probe_one_thread"/> runs the same loop on one thread for comparison.
/// </summary>
[MemoryDiagnoser]
public class ContentionBenchmarks
{
    private const int PerThread = 1_000_000;
    private long _field;
    private Meter _meter = null!;
    private MeterProvider _provider = null!;
    private Counter<long> _otel = null!;
    private Prometheus.Counter _prom = null!;

    [GlobalSetup]
    public void Setup()
    {
        _meter = new Meter("Bench.Contention");
        _otel = _meter.CreateCounter<long>("bench.contention");
        _provider = Sdk.CreateMeterProviderBuilder().AddMeter("Bench.Contention")
            .AddReader(new PeriodicExportingMetricReader(new DiscardingExporter(), exportIntervalMilliseconds: 60_000)).Build()!;
        _prom = Prometheus.Metrics.WithCustomRegistry(Prometheus.Metrics.NewCustomRegistry()).CreateCounter("bench_contention", "c");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _provider.Dispose();
        _meter.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = 2 * PerThread)]
    public void Interlocked_shared_field() => OnTwoThreads(() => Interlocked.Increment(ref _field));

    [Benchmark(OperationsPerInvoke = 2 * PerThread)]
    public void Ours_probe() => OnTwoThreads(BenchProbes.Counted);

    /// <summary>
    /// The floor through the same loop on one thread: a cross-check of the single-thread
    /// <c>Interlocked.Increment</c> figure, which the call-per-operation hot-path benchmark measures
    /// after subtracting its own overhead.
    /// </summary>
    [Benchmark(OperationsPerInvoke = PerThread)]
    public void Interlocked_one_thread() => OnThreads(1, () => Interlocked.Increment(ref _field));

    /// <summary>The same loop on one thread: the single-thread figure the two-thread total is compared with.</summary>
    [Benchmark(OperationsPerInvoke = PerThread)]
    public void Ours_probe_one_thread() => OnThreads(1, BenchProbes.Counted);

    [Benchmark(OperationsPerInvoke = 2 * PerThread)]
    public void OpenTelemetry_counter() => OnTwoThreads(() => _otel.Add(1));

    [Benchmark(OperationsPerInvoke = 2 * PerThread)]
    public void PrometheusNet_counter() => OnTwoThreads(() => _prom.Inc());

    private static void OnTwoThreads(Action operation) => OnThreads(2, operation);

    private static void OnThreads(int count, Action operation)
    {
        using var start = new Barrier(count);
        Thread[] threads = [.. Enumerable.Range(0, count).Select(_ => new Thread(() =>
        {
            start.SignalAndWait();
            for (int i = 0; i < PerThread; i++)
            {
                operation();
            }
        }))];
        foreach (Thread thread in threads)
        {
            thread.Start();
        }

        foreach (Thread thread in threads)
        {
            thread.Join();
        }
    }
}
