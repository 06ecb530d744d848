using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using Instrumentation.Metrics;
using Instrumentation.Probes;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Instrumentation.Benchmarks;

/// <summary>
/// What publishing on the meter <c>Instrumentation</c> adds to the recording part of a timed call:
/// no meter, a meter nobody listens to, and OpenTelemetry listening to its duration histogram —
/// beside OpenTelemetry's own histogram + counter pair. Each case runs in its own process, so the
/// OpenTelemetry listener of one case cannot enable another's instruments.
/// </summary>
[MemoryDiagnoser]
public class MeterBenchmarks
{
    private ServiceProvider? _services;
    private MeterProvider? _provider;
    private Meter? _peerMeter;
    private Counter<long> _otelCounter = null!;
    private Histogram<double> _otelHistogram = null!;
    private EndpointSeries _series = null!;

    [GlobalSetup(Target = nameof(Ours_no_meter))]
    public void SetupNoMeter() => _series = new ProbeRegistry().GetOrAddEndpoint("bench.meter").Default;

    [GlobalSetup(Target = nameof(Ours_meter_not_listened_to))]
    public void SetupMeterNotListenedTo() => _series = RegistryWithMeter().GetOrAddEndpoint("bench.meter").Default;

    [GlobalSetup(Target = nameof(Ours_OpenTelemetry_listening))]
    public void SetupOpenTelemetryListening()
    {
        _series = RegistryWithMeter().GetOrAddEndpoint("bench.meter").Default;
        _provider = Listening(InstrumentNames.Meter);
    }

    [GlobalSetup(Target = nameof(OpenTelemetry_histogram_and_counter))]
    public void SetupPeer()
    {
        _peerMeter = new Meter("Bench.Peer");
        _otelCounter = _peerMeter.CreateCounter<long>("bench.peer.counter");
        _otelHistogram = _peerMeter.CreateHistogram<double>("bench.peer.histogram");
        _provider = Listening("Bench.Peer");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _provider?.Dispose();
        _peerMeter?.Dispose();
        _services?.Dispose();
    }

    [Benchmark]
    public void Ours_no_meter() => _series.Record(1_200_000, failed: false);

    [Benchmark]
    public void Ours_meter_not_listened_to() => _series.Record(1_200_000, failed: false);

    [Benchmark]
    public void Ours_OpenTelemetry_listening() => _series.Record(1_200_000, failed: false);

    [Benchmark(Baseline = true)]
    public void OpenTelemetry_histogram_and_counter()
    {
        _otelHistogram.Record(0.0012);
        _otelCounter.Add(1);
    }

    private static MeterProvider Listening(string meter) => Sdk.CreateMeterProviderBuilder()
        .AddMeter(meter)
        .AddReader(new PeriodicExportingMetricReader(new DiscardingExporter(), exportIntervalMilliseconds: 60_000))
        .Build()!;

    private ProbeRegistry RegistryWithMeter()
    {
        var registry = new ProbeRegistry();
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        _ = new InstrumentationMeter(_services.GetRequiredService<IMeterFactory>(), registry);
        return registry;
    }
}
