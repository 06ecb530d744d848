using System.Globalization;
using Instrumentation.Collection;
using Instrumentation.Sinks.Redis;
using StackExchange.Redis;

namespace Instrumentation.Benchmarks;

/// <summary>
/// How much Redis memory the fleet windows take: one hour of busy endpoint series (a delivery every 10 seconds, see
/// <see cref="Batches.BusyEndpoints"/>) written by each instance through the sink, on a clock that moves an hour.
/// Redis expires keys on its own clock, so the 10-second buckets that would have expired by the hour's end are
/// deleted before measuring. Memory is a count, not a timing: a console harness, not BenchmarkDotNet.
/// </summary>
/// <remarks><c>dotnet run -c Release --project tests/Instrumentation.Benchmarks -- --redis-footprint [series] [instances]</c></remarks>
internal static class RedisFootprint
{
    public static void Run(int series, int instances)
    {
        using LocalRedis redis = LocalRedis.Start();
        using ConnectionMultiplexer connection = ConnectionMultiplexer.Connect(redis.Configuration + ",allowAdmin=true");
        IServer server = connection.GetServer(connection.GetEndPoints()[0]);
        IDatabase database = connection.GetDatabase();
        var time = new SettableTime(DateTimeOffset.Parse("2026-12-02T10:00:00Z", CultureInfo.InvariantCulture));
        RedisMetricsSink[] sinks = [.. Enumerable.Range(0, instances).Select(i => new RedisMetricsSink(new RedisSinkOptions { Configuration = redis.Configuration, InstanceId = $"instance-{i}", KeyPrefix = "footprint" }, time))];
        long before = MemoryInfo(server, "used_memory");
        DateTimeOffset start = time.Now;
        for (int step = 0; step < 360; step++)
        {
            time.Now = start.AddSeconds((step * 10) + 9);
            MetricsBatch batch = Batches.BusyEndpoints(series, time.Now.AddSeconds(-9), time.Now);
            foreach (RedisMetricsSink sink in sinks)
            {
                sink.WriteAsync(batch, default).AsTask().GetAwaiter().GetResult();
            }
        }

        long expiredBefore = time.Now.ToUnixTimeSeconds() - (long)(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(20)).TotalSeconds;
        RedisKey[] expired = [.. server.Keys(pattern: "{footprint:v3:10s:*").Where(k => StartOf(k) < expiredBefore)];
        database.KeyDelete(expired);
        while (MemoryInfo(server, "lazyfree_pending_objects") > 0)
        {
            Thread.Sleep(100);
        }

        long after = MemoryInfo(server, "used_memory");
        var byKind = server.Keys(pattern: "*").GroupBy(KindOf).ToDictionary(g => g.Key, g => (Keys: g.Count(), Bytes: g.Sum(k => (long)database.Execute("MEMORY", "USAGE", k, "SAMPLES", "0"))));

        double perThousandSeries = 1_000.0 / series / (1024 * 1024);
        Console.WriteLine($"{series:N0} busy endpoint series, {instances} instance(s), an hour of 10-second deliveries; redis-server {server.Version}");
        Console.WriteLine("| what | keys | MB per 1,000 series |");
        Console.WriteLine("|---|---:|---:|");
        foreach ((string kind, (int keys, long bytes)) in byKind.OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            Console.WriteLine($"| {kind} | {keys:N0} | {bytes * perThousandSeries:F1} |");
        }

        if (Environment.GetEnvironmentVariable("FOOTPRINT_INFO") is not null)
        {
            Console.WriteLine(string.Join('\n', server.Info("memory").SelectMany(g => g).Select(p => $"{p.Key}={p.Value}")));
        }

        Console.WriteLine($"| everything Redis holds after the hour (used_memory growth) | {byKind.Values.Sum(k => k.Keys):N0} | {(after - before) * perThousandSeries:F1} |");
        foreach (RedisMetricsSink sink in sinks)
        {
            sink.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>What a key holds: <c>1m bucket</c>, <c>1m instance share</c>, <c>10s applied</c>, <c>values</c>, …</summary>
    private static string KindOf(RedisKey key)
    {
        string text = key!;
        string size = text.Contains(":1m:", StringComparison.Ordinal) ? "1m" : text.Contains(":10s:", StringComparison.Ordinal) ? "10s" : string.Empty;
        string part = text.EndsWith(":applied", StringComparison.Ordinal) ? "applied deliveries"
            : text.Contains("}:instance:", StringComparison.Ordinal) ? "instance share"
            : size.Length > 0 ? "bucket"
            : text[(text.IndexOf("}:", StringComparison.Ordinal) + 2)..].Split(':')[0];
        return size.Length > 0 ? $"{size} {part}" : part;
    }

    private static long StartOf(RedisKey key)
    {
        string text = key!;
        int from = text.IndexOf(":10s:", StringComparison.Ordinal) + ":10s:".Length;
        return long.Parse(text.AsSpan(from, text.IndexOf('}', from) - from), CultureInfo.InvariantCulture);
    }

    private static long MemoryInfo(IServer server, string name) =>
        long.Parse(server.Info("memory").SelectMany(g => g).First(p => p.Key == name).Value, CultureInfo.InvariantCulture);
}
