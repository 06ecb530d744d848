using Instrumentation.Probes;

namespace Instrumentation.Collection;

/// <summary>
/// Deltas waiting for one sink, coalesced per series: memory grows with the number of series,
/// never with the number of events or intervals. Not thread-safe; its owner locks.
/// </summary>
internal sealed class PendingBatch
{
    private readonly Dictionary<SeriesInfo, SeriesDelta> _bySeries = new(ReferenceEqualityComparer.Instance);
    private DateTimeOffset _from = DateTimeOffset.MaxValue;
    private DateTimeOffset _to = DateTimeOffset.MinValue;

    public int SeriesCount => _bySeries.Count;

    public bool IsEmpty => _from == DateTimeOffset.MaxValue;

    /// <summary>Whether deltas of <paramref name="series"/> are waiting.</summary>
    public bool Contains(SeriesInfo series) => _bySeries.ContainsKey(series);

    /// <summary>Adds a batch collected after everything pending.</summary>
    public void AddNewer(MetricsBatch batch)
    {
        if (batch.From < _from)
        {
            _from = batch.From;
        }

        if (batch.To > _to)
        {
            _to = batch.To;
        }

        foreach (SeriesDelta delta in batch.Deltas)
        {
            _bySeries[delta.Series] = _bySeries.TryGetValue(delta.Series, out SeriesDelta? pending) ? SeriesDelta.Combine(pending, delta) : delta;
        }
    }

    /// <summary>Returns everything pending as one delivery (a new <see cref="MetricsBatch.DeliveryId"/>) and empties.</summary>
    public MetricsBatch? Take()
    {
        if (IsEmpty)
        {
            return null;
        }

        var batch = new MetricsBatch(_from, _to, [.. _bySeries.Values], Guid.CreateVersion7());
        _bySeries.Clear();
        _from = DateTimeOffset.MaxValue;
        _to = DateTimeOffset.MinValue;
        return batch;
    }
}
