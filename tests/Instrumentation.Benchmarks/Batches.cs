using Instrumentation.Collection;
using Instrumentation.Probes;

namespace Instrumentation.Benchmarks;

/// <summary>Realistic endpoint deltas: calls, a few failures, a duration sum and a handful of histogram buckets.</summary>
internal static class Batches
{
    public static MetricsBatch Endpoints(int series, DateTimeOffset from, DateTimeOffset to)
    {
        var deltas = new SeriesDelta[series];
        for (int i = 0; i < series; i++)
        {
            var info = new SeriesInfo("bench.endpoint", ProbeKind.Endpoint, [new("route", $"/api/items/{i}")], hasDuration: true);
            int first = LatencyBuckets.IndexOf(1_000_000 + (i * 1_000L));
            BucketCount[] buckets = [new(first, 20), new(first + 1, 12), new(first + 3, 6), new(first + 9, 2)];
            deltas[i] = new SeriesDelta(info, new SeriesFields(SeriesSchema.Endpoint) { [FieldNames.Calls] = 40, [FieldNames.Failures] = i % 7 }, value: 0, durationSumNanoseconds: 40 * 1_200_000L, buckets);
        }

        return new MetricsBatch(from, to, deltas);
    }

    /// <summary>
    /// Busy endpoint deltas: 1,000 calls each, latencies spread over four octaves (32 non-empty histogram buckets), as a
    /// route at 100 requests per second gives in 10 seconds.
    /// </summary>
    public static MetricsBatch BusyEndpoints(int series, DateTimeOffset from, DateTimeOffset to)
    {
        var deltas = new SeriesDelta[series];
        int first = LatencyBuckets.IndexOf(5_000_000);
        for (int i = 0; i < series; i++)
        {
            var info = new SeriesInfo("bench.endpoint", ProbeKind.Endpoint, [new("route", $"/api/items/{i}")], hasDuration: true);
            BucketCount[] buckets = [.. Enumerable.Range(0, 32).Select(b => new BucketCount(first + b, 1_000 / 32 + (b == 0 ? 1_000 % 32 : 0)))];
            deltas[i] = new SeriesDelta(info, new SeriesFields(SeriesSchema.Endpoint) { [FieldNames.Calls] = 1_000, [FieldNames.Failures] = i % 7 }, value: i % 3, durationSumNanoseconds: 1_000 * 21_000_000L, buckets);
        }

        return new MetricsBatch(from, to, deltas);
    }
}
