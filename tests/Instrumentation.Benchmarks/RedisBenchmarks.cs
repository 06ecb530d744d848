using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using Instrumentation.Collection;
using Instrumentation.Sinks.Redis;
using Instrumentation.Snapshots;

namespace Instrumentation.Benchmarks;

/// <summary>
/// The Redis sink against a real redis-server on loopback (started here, no persistence): one flush of
/// N series deltas, and the fleet read of the 1-hour window with 1,000 series written by 4 instances.
/// </summary>
[MemoryDiagnoser]
public class RedisBenchmarks
{
    private Process _server = null!;
    private RedisMetricsSink _sink = null!;
    private RedisFleetSource _fleet = null!;
    private MetricsBatch _batch = null!;

    [Params(1_000, 10_000)]
    public int Series { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        _server = Process.Start(new ProcessStartInfo("redis-server", ["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]) { RedirectStandardOutput = true, UseShellExecute = false })!;
        Thread.Sleep(500);
        string configuration = $"127.0.0.1:{port}";
        DateTimeOffset now = DateTimeOffset.UtcNow;
        _batch = Batches.Endpoints(Series, now.AddSeconds(-1), now);
        _sink = new RedisMetricsSink(new RedisSinkOptions { Configuration = configuration, InstanceId = "bench-0", KeyPrefix = "bench" });
        _fleet = new RedisFleetSource(_sink);

        // An hour of history from 4 instances, 1,000 series each minute (the fleet read benchmark).
        RedisMetricsSink[] instances = [.. Enumerable.Range(1, 4).Select(i => new RedisMetricsSink(new RedisSinkOptions { Configuration = configuration, InstanceId = $"bench-{i}", KeyPrefix = "bench" }))];
        for (int minute = 60; minute >= 0; minute--)
        {
            MetricsBatch history = Batches.Endpoints(1_000, now.AddMinutes(-minute).AddSeconds(-1), now.AddMinutes(-minute));
            foreach (RedisMetricsSink instance in instances)
            {
                instance.WriteAsync(history, default).AsTask().GetAwaiter().GetResult();
            }
        }

        foreach (RedisMetricsSink instance in instances)
        {
            instance.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sink.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _server.Kill();
        _server.WaitForExit();
    }

    /// <summary>One flush of <see cref="Series"/> endpoint deltas with histograms: one round trip.</summary>
    [Benchmark(Description = "flush one batch")]
    public ValueTask Flush() => _sink.WriteAsync(_batch, default);

    /// <summary>The 1-hour fleet window (60 one-minute buckets, 1,000 series, 4 instances); the same for either Series value.</summary>
    [Benchmark(Description = "fleet read, 1 h window, 1,000 series x 4 instances")]
    public async Task<int> FleetHour() => (await _fleet.ReadAsync(SnapshotWindow.OneHour.Duration, default)).Count;
}
