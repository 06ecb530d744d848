using System.Diagnostics;
using System.Diagnostics.Metrics;
using Instrumentation.Collection;
using Instrumentation.Probes;
using Instrumentation.Snapshots;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Instrumentation.Benchmarks.Scale;

/// <summary>
/// How cost grows with the number of series, ours beside OpenTelemetry in one process: memory per series once
/// each was recorded once (the probe side), and again after one collection (ours adds the collector's state and
/// the local windows; OpenTelemetry its export state), creating them, one collection with 1 % and with 100 % of
/// them changed, and one snapshot. BenchmarkDotNet
/// would run a 100,000-series setup hundreds of times, so this is a console harness: each figure is the
/// median of <see cref="Repeats"/> measurements after a warm-up.
/// </summary>
/// <remarks>
/// <c>dotnet run -c Release --project tests/Instrumentation.Benchmarks -- --scale [series...]</c>; set
/// <c>INSTRUMENTATION_STRIPES</c> to choose the stripe count (docs/benchmarks.md reports 2 and 16).
/// </remarks>
internal static class ScaleHarness
{
    private const int Repeats = 5;

    public static void Run(IReadOnlyList<int> sizes)
    {
        Console.WriteLine($"INSTRUMENTATION_STRIPES={Environment.GetEnvironmentVariable("INSTRUMENTATION_STRIPES") ?? "(unset)"}, processors {Environment.ProcessorCount}, {RuntimeInfo()}");
        Console.WriteLine("| kind | series | side | bytes/series recorded | bytes/series after a collection | create µs/series | collect 1 % ms | collect 100 % ms | snapshot ms |");
        Console.WriteLine("|---|---:|---|---:|---:|---:|---:|---:|---:|");
        foreach (bool timed in new[] { true, false })
        {
            foreach (int n in sizes)
            {
                Report(timed, n, "ours", Measure(n, () => new OursAtScale(n, timed)));
                Report(timed, n, "OpenTelemetry", Measure(n, () => new OpenTelemetryAtScale(n, timed)));
            }
        }
    }

    private static string RuntimeInfo() => System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription;

    private static void Report(bool timed, int n, string side, Figures f) =>
        Console.WriteLine($"| {(timed ? "endpoint (histogram)" : "event (counter)")} | {n:N0} | {side} | {f.BytesPerSeries:N0} | {f.BytesAfterCollection:N0} | {f.CreateMicrosPerSeries:N2} | {f.CollectOnePercentMs:N2} | {f.CollectAllMs:N2} | {(f.SnapshotMs is { } s ? s.ToString("N2", System.Globalization.CultureInfo.InvariantCulture) : "—")} |");

    private static Figures Measure(int n, Func<IAtScale> create)
    {
        var bytes = new List<double>();
        var bytesCollected = new List<double>();
        var creates = new List<double>();
        var onePercent = new List<double>();
        var all = new List<double>();
        var snapshots = new List<double>();
        for (int repeat = 0; repeat <= Repeats; repeat++)
        {
            bool warmUp = repeat == 0;
            long before = GC.GetTotalMemory(forceFullCollection: true);
            using IAtScale side = create();
            long created = Stopwatch.GetTimestamp();
            side.RecordEach(1);
            double createMicros = Stopwatch.GetElapsedTime(created).TotalMicroseconds / n;
            long recorded = GC.GetTotalMemory(forceFullCollection: true);
            side.Collect();
            long after = GC.GetTotalMemory(forceFullCollection: true);
            GC.KeepAlive(side);

            side.RecordEach(100);
            double one = Time(side.Collect);
            side.RecordEach(1);
            double every = Time(side.Collect);
            double? snapshot = side.CanSnapshot ? Time(side.Snapshot) : null;
            if (!warmUp)
            {
                bytes.Add((recorded - before) / (double)n);
                bytesCollected.Add((after - before) / (double)n);
                creates.Add(createMicros);
                onePercent.Add(one);
                all.Add(every);
                if (snapshot is { } s)
                {
                    snapshots.Add(s);
                }
            }
        }

        return new Figures(Median(bytes), Median(bytesCollected), Median(creates), Median(onePercent), Median(all), snapshots.Count > 0 ? Median(snapshots) : null);
    }

    private static double Time(Action action)
    {
        long start = Stopwatch.GetTimestamp();
        action();
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }

    private readonly record struct Figures(double BytesPerSeries, double BytesAfterCollection, double CreateMicrosPerSeries, double CollectOnePercentMs, double CollectAllMs, double? SnapshotMs);

    private interface IAtScale : IDisposable
    {
        bool CanSnapshot { get; }

        /// <summary>Records once into every <paramref name="step"/>-th series (1: all of them).</summary>
        void RecordEach(int step);

        void Collect();

        void Snapshot();
    }

    /// <summary>One probe with a text tag, as generated code records it.</summary>
    private sealed class OursAtScale : IAtScale
    {
        private readonly string[] _values;
        private readonly ProbeRegistry _registry = new();
        private readonly EndpointProbe? _endpoints;
        private readonly EventProbe? _events;
        private readonly InstrumentationCollector _collector;
        private readonly SnapshotService _snapshots;

        public OursAtScale(int n, bool timed)
        {
            _values = [.. Enumerable.Range(0, n).Select(i => $"/route/{i}")];
            TagDefinition[] tags = [TagDefinition.Text("route")];
            if (timed)
            {
                _endpoints = _registry.GetOrAddEndpoint("scale.endpoint", tags, cardinalityLimit: n);
            }
            else
            {
                _events = _registry.GetOrAddEvent("scale.event", tags, cardinalityLimit: n);
            }

            _collector = new InstrumentationCollector(_registry);
            _snapshots = new SnapshotService([new LocalSnapshotSource(_collector.Windows)]);
        }

        public bool CanSnapshot => true;

        public void RecordEach(int step)
        {
            for (int i = 0; i < _values.Length; i += step)
            {
                var key = new SeriesKey(0);
                key.Add(_values[i]);
                if (_endpoints is not null)
                {
                    _endpoints.GetSeries(in key).Record(1_000_000 + i, failed: false);
                }
                else
                {
                    _events!.GetSeries(in key).Increment();
                }
            }
        }

        public void Collect() => _collector.Collect();

        public void Snapshot() => _snapshots.GetSnapshotAsync(SnapshotWindow.OneMinute).AsTask().GetAwaiter().GetResult();

        public void Dispose() => _collector.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    /// <summary>An OpenTelemetry histogram or counter with its cardinality limit raised, collected by <c>ForceFlush</c>.</summary>
    private sealed class OpenTelemetryAtScale : IAtScale
    {
        private static int s_instance;
        private readonly string[] _values;
        private readonly Meter _meter = new($"Scale.Peer.{Interlocked.Increment(ref s_instance)}");
        private readonly Histogram<double>? _histogram;
        private readonly Counter<long>? _counter;
        private readonly MeterProvider _provider;

        public OpenTelemetryAtScale(int n, bool timed)
        {
            _values = [.. Enumerable.Range(0, n).Select(i => $"/route/{i}")];
            _histogram = timed ? _meter.CreateHistogram<double>("scale.duration", "s") : null;
            _counter = timed ? null : _meter.CreateCounter<long>("scale.events");
            _provider = Sdk.CreateMeterProviderBuilder()
                .AddMeter(_meter.Name)
                .AddView(_ => new MetricStreamConfiguration { CardinalityLimit = n + 10 })
                .AddReader(new BaseExportingMetricReader(new DiscardingExporter()))
                .Build()!;
        }

        public bool CanSnapshot => false;

        public void RecordEach(int step)
        {
            for (int i = 0; i < _values.Length; i += step)
            {
                var tag = new KeyValuePair<string, object?>("route", _values[i]);
                if (_histogram is not null)
                {
                    _histogram.Record((1_000_000 + i) / 1e9, tag);
                }
                else
                {
                    _counter!.Add(1, tag);
                }
            }
        }

        public void Collect() => _provider.ForceFlush();

        public void Snapshot() => throw new NotSupportedException();

        public void Dispose()
        {
            _provider.Dispose();
            _meter.Dispose();
        }
    }
}
