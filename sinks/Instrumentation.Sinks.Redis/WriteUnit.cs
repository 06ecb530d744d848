using Instrumentation.Collection;
using Instrumentation.Probes;

namespace Instrumentation.Sinks.Redis;

/// <summary>
/// Deltas to write as one unit, added up per series. Once sent it keeps its id: a retry after a
/// failure sends the same unit again, and the script skips the bucket keys it already applied.
/// </summary>
internal sealed class WriteUnit
{
    private readonly Dictionary<string, SeriesTotals> _series = new(StringComparer.Ordinal);

    public string Id { get; } = Guid.NewGuid().ToString("N");

    public DateTimeOffset To { get; private set; } = DateTimeOffset.MinValue;

    public bool IsEmpty => _series.Count == 0;

    public IReadOnlyCollection<SeriesTotals> Series => _series.Values;

    public void Add(MetricsBatch batch)
    {
        To = batch.To > To ? batch.To : To;
        foreach (SeriesDelta delta in batch.Deltas)
        {
            if (!_series.TryGetValue(delta.Series.Key, out SeriesTotals? totals))
            {
                _series[delta.Series.Key] = totals = new SeriesTotals(delta.Series);
            }

            for (int i = 0; i < delta.Counters.Count; i++)
            {
                totals.Counters[i] += delta.Counters[i];
            }

            totals.DurationSum += delta.DurationSumNanoseconds;
            foreach (BucketCount bucket in delta.Buckets)
            {
                totals.Buckets[bucket.Index] = totals.Buckets.GetValueOrDefault(bucket.Index) + bucket.Count;
            }

            totals.Value = delta.Value ?? totals.Value;
        }
    }
}

/// <summary>One series' part of a write unit.</summary>
internal sealed class SeriesTotals(SeriesInfo series)
{
    public SeriesInfo Series { get; } = series;

    public long[] Counters { get; } = new long[3];

    public long DurationSum { get; set; }

    public SortedDictionary<int, long> Buckets { get; } = [];

    public long? Value { get; set; }
}
