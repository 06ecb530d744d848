using Instrumentation.Collection;

namespace Instrumentation.Sinks.Redis;

/// <summary>
/// Deltas to write as one unit, added up per series (<see cref="SeriesDelta.Combine"/>). Once sent it
/// keeps its id: a retry after a failure sends the same unit again, and the script skips the bucket
/// keys it already applied.
/// </summary>
internal sealed class WriteUnit
{
    private readonly Dictionary<string, SeriesDelta> _series = new(StringComparer.Ordinal);

    public string Id { get; } = Guid.NewGuid().ToString("N");

    public DateTimeOffset To { get; private set; } = DateTimeOffset.MinValue;

    public bool IsEmpty => _series.Count == 0;

    public IReadOnlyCollection<SeriesDelta> Series => _series.Values;

    public void Add(MetricsBatch batch)
    {
        To = batch.To > To ? batch.To : To;
        foreach (SeriesDelta delta in batch.Deltas)
        {
            _series[delta.Series.Key] = _series.TryGetValue(delta.Series.Key, out SeriesDelta? pending) ? SeriesDelta.Combine(pending, delta) : delta;
        }
    }
}
