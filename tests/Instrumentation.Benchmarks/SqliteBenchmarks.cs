using BenchmarkDotNet.Attributes;
using Instrumentation.AspNetCore;
using Instrumentation.Collection;
using Instrumentation.Probes;
using Instrumentation.Sinks.Sqlite;
using Instrumentation.History;
using Instrumentation.Snapshots;

namespace Instrumentation.Benchmarks;

/// <summary>
/// The SQLite sink on a real file: writing one batch of N series deltas (one transaction), and the
/// top-10 endpoints over 24 hours of minute rows for 1,000 endpoint series.
/// </summary>
[MemoryDiagnoser]
public class SqliteWriteBenchmarks
{
    private string _folder = null!;
    private SqliteMetricsSink _sink = null!;
    private MetricsBatch _batch = null!;
    private DateTimeOffset _to;

    [Params(1_000, 10_000)]
    public int Series { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _folder = Directory.CreateTempSubdirectory("instrumentation-bench-").FullName;
        _sink = new SqliteMetricsSink(new SqliteSinkOptions { Path = Path.Combine(_folder, "bench.db"), BatchSize = int.MaxValue, MaxLatency = TimeSpan.FromDays(1), RollupInterval = TimeSpan.FromDays(1) });
        _to = DateTimeOffset.UtcNow;
        _batch = Batches.Endpoints(Series, _to.AddSeconds(-1), _to);
        _sink.WriteAsync(_batch, default).AsTask().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sink.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>One batch of <see cref="Series"/> endpoint deltas with histograms, upserted in one transaction.</summary>
    [Benchmark(Description = "write one batch")]
    public ValueTask WriteBatch() => _sink.WriteAsync(_batch, default);
}

/// <summary>Top-10 endpoints over 24 hours of minute rows, 1,000 endpoint series (1.44 million rows).</summary>
[MemoryDiagnoser]
public class SqliteQueryBenchmarks
{
    private string _folder = null!;
    private SqliteMetricsSink _sink = null!;
    private HistoryQueries _queries = null!;
    private HistoryRange _range = null!;

    [Params(TopEndpointsOrder.Requests, TopEndpointsOrder.P99)]
    public TopEndpointsOrder By { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _folder = Directory.CreateTempSubdirectory("instrumentation-bench-").FullName;
        _sink = new SqliteMetricsSink(new SqliteSinkOptions { Path = Path.Combine(_folder, "bench.db"), BatchSize = int.MaxValue, MaxLatency = TimeSpan.FromDays(1), RollupInterval = TimeSpan.FromDays(1) });
        DateTimeOffset end = DateTimeOffset.UtcNow;
        for (int minute = 24 * 60; minute > 0; minute--)
        {
            DateTimeOffset to = end.AddMinutes(-minute);
            _sink.WriteAsync(Batches.Endpoints(1_000, to.AddSeconds(-1), to), default).AsTask().GetAwaiter().GetResult();
        }

        _queries = new HistoryQueries(_sink);
        _range = HistoryRange.Last(TimeSpan.FromHours(24), end);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sink.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(Description = "top-10 endpoints, 24 h of minutes, 1,000 series")]
    public async Task<int> TopTen()
    {
        int count = 0;
        await foreach (EndpointTotals _ in _queries.TopEndpointsAsync(_range, By, 10))
        {
            count++;
        }

        return count;
    }
}
