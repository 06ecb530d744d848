using BenchmarkDotNet.Attributes;
using Instrumentation.Collection;
using Instrumentation.Sinks.Redis;

namespace Instrumentation.Benchmarks;

/// <summary>
/// The Redis sink against a real redis-server on loopback (started here, no persistence): one flush of
/// N series deltas (the fleet read is <see cref="FleetReadBenchmarks"/>).
/// </summary>
[MemoryDiagnoser]
public class RedisBenchmarks
{
    private LocalRedis _redis = null!;
    private RedisMetricsSink _sink = null!;
    private MetricsBatch _batch = null!;

    [Params(1_000, 10_000)]
    public int Series { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _redis = LocalRedis.Start();
        DateTimeOffset now = DateTimeOffset.UtcNow;
        _batch = Batches.Endpoints(Series, now.AddSeconds(-1), now);
        _sink = new RedisMetricsSink(new RedisSinkOptions { Configuration = _redis.Configuration, InstanceId = "bench-0", KeyPrefix = "bench" });
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sink.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _redis.Dispose();
    }

    /// <summary>One flush of <see cref="Series"/> endpoint deltas with histograms: one round trip.</summary>
    [Benchmark(Description = "flush one batch")]
    public ValueTask Flush() => _sink.WriteAsync(_batch, default);
}
