using BenchmarkDotNet.Attributes;
using Instrumentation.Collection;
using Instrumentation.Sinks.Redis;
using Instrumentation.Windows;

namespace Instrumentation.Benchmarks;

/// <summary>
/// The 1-hour window of 1,000 busy endpoint series read from Redis (<c>scope=fleet</c>, one round trip for 61 one-minute
/// buckets) beside the same hour read from this process's windows (<c>scope=local</c>): the same deltas, a delivery a
/// minute for an hour, went into both.
/// </summary>
[MemoryDiagnoser]
public class FleetReadBenchmarks
{
    private static readonly MetricsBatch s_nothing = new(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, []);
    private LocalRedis _redis = null!;
    private RedisMetricsSink _sink = null!;
    private RedisFleetSource _fleet = null!;
    private LocalWindowStore _local = null!;

    [GlobalSetup]
    public void Setup()
    {
        _redis = LocalRedis.Start();
        var time = new SettableTime(DateTimeOffset.UtcNow.AddHours(-1));
        _sink = new RedisMetricsSink(new RedisSinkOptions { Configuration = _redis.Configuration, InstanceId = "bench-0", KeyPrefix = "bench" }, time);
        _fleet = new RedisFleetSource(_sink);
        _local = new LocalWindowStore(time);
        for (int minute = 0; minute <= 60; minute++)
        {
            MetricsBatch batch = Batches.BusyEndpoints(1_000, time.Now.AddMinutes(-1), time.Now);
            _sink.WriteAsync(batch, default).AsTask().GetAwaiter().GetResult();
            _local.Add(batch);
            time.Now = time.Now.AddMinutes(1);
        }

        time.Now = time.Now.AddSeconds(-30);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sink.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _redis.Dispose();
    }

    /// <summary>The local windows' 1-hour read; adding an empty batch first makes the store compute it instead of reusing the last read.</summary>
    [Benchmark(Baseline = true, Description = "local read, 1 h window, 1,000 series")]
    public int LocalHour()
    {
        _local.Add(s_nothing);
        return _local.Read(TimeSpan.FromHours(1)).Count;
    }

    [Benchmark(Description = "fleet read, 1 h window, 1,000 series")]
    public async Task<int> FleetHour() => (await _fleet.ReadAsync(TimeSpan.FromHours(1), default)).Count;
}
