using Instrumentation.Probes;

namespace Instrumentation.Collection;

/// <summary>
/// Deltas waiting for one sink, added up per series within each time bucket of the sink's
/// <see cref="SinkPolicy.TimeBucket"/>: memory grows with series times buckets (at most
/// <see cref="SinkPolicy.MaxPendingBuckets"/>), never with events or intervals. Not thread-safe; its owner locks.
/// </summary>
internal sealed class PendingDeltas(SinkPolicy policy)
{
    private readonly SortedDictionary<long, TimeBucket> _buckets = [];

    /// <summary>How many deltas wait: one per series and time bucket.</summary>
    public int Count { get; private set; }

    public bool IsEmpty => Count == 0;

    /// <summary>When the oldest waiting delta was added; <see cref="DateTimeOffset.MaxValue"/> when none waits.</summary>
    public DateTimeOffset OldestAddedAt { get; private set; } = DateTimeOffset.MaxValue;

    /// <summary>Adds a batch collected after everything pending, at <paramref name="now"/>.</summary>
    public void Add(MetricsBatch batch, DateTimeOffset now)
    {
        long index = policy.TimeBucket == TimeSpan.Zero ? 0 : (batch.To.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / policy.TimeBucket.Ticks;
        if (!_buckets.TryGetValue(index, out TimeBucket? bucket))
        {
            _buckets[index] = bucket = new TimeBucket();
        }

        Count += bucket.Add(batch);
        if (OldestAddedAt == DateTimeOffset.MaxValue)
        {
            OldestAddedAt = now;
        }

        while (_buckets.Count > policy.MaxPendingBuckets)
        {
            FoldOldest();
        }
    }

    /// <summary>Whether a write is due at <paramref name="now"/>: enough deltas for a full write, or the oldest waited long enough.</summary>
    public bool IsDue(DateTimeOffset now) => Count >= policy.MaxBatchSize || (!IsEmpty && now - OldestAddedAt >= policy.MaxLatency);

    /// <summary>
    /// Removes and returns the oldest bucket's deltas (at most <see cref="SinkPolicy.MaxBatchSize"/>) as one delivery,
    /// with a new <see cref="MetricsBatch.DeliveryId"/>; <see langword="null"/> when nothing waits.
    /// </summary>
    public MetricsBatch? Take()
    {
        if (IsEmpty)
        {
            return null;
        }

        KeyValuePair<long, TimeBucket> oldest = _buckets.First();
        MetricsBatch batch = oldest.Value.Take(policy.MaxBatchSize);
        if (oldest.Value.IsEmpty)
        {
            _buckets.Remove(oldest.Key);
        }

        Count -= batch.Deltas.Count;
        if (IsEmpty)
        {
            OldestAddedAt = DateTimeOffset.MaxValue;
        }

        return batch;
    }

    /// <summary>Adds the oldest bucket into the next one: exact counts, bounded memory, the oldest deltas' time lost.</summary>
    private void FoldOldest()
    {
        KeyValuePair<long, TimeBucket>[] oldestTwo = [.. _buckets.Take(2)];
        _buckets.Remove(oldestTwo[0].Key);
        Count += oldestTwo[1].Value.AddOlder(oldestTwo[0].Value) - oldestTwo[0].Value.Count;
    }

    /// <summary>The deltas of one time bucket, one per series.</summary>
    private sealed class TimeBucket
    {
        private readonly Dictionary<SeriesInfo, SeriesDelta> _bySeries = new(ReferenceEqualityComparer.Instance);
        private DateTimeOffset _from = DateTimeOffset.MaxValue;
        private DateTimeOffset _to = DateTimeOffset.MinValue;

        public int Count => _bySeries.Count;

        public bool IsEmpty => _bySeries.Count == 0;

        /// <summary>Adds a newer batch; returns how many series were not waiting in this bucket yet.</summary>
        public int Add(MetricsBatch batch)
        {
            int before = _bySeries.Count;
            Widen(batch.From, batch.To);
            foreach (SeriesDelta delta in batch.Deltas)
            {
                _bySeries[delta.Series] = _bySeries.TryGetValue(delta.Series, out SeriesDelta? pending) ? SeriesDelta.Combine(pending, delta) : delta;
            }

            return _bySeries.Count - before;
        }

        /// <summary>Adds an older bucket's deltas; returns how many series were not waiting in this bucket yet.</summary>
        public int AddOlder(TimeBucket older)
        {
            int before = _bySeries.Count;
            Widen(older._from, older._to);
            foreach ((SeriesInfo series, SeriesDelta delta) in older._bySeries)
            {
                _bySeries[series] = _bySeries.TryGetValue(series, out SeriesDelta? newer) ? SeriesDelta.Combine(delta, newer) : delta;
            }

            return _bySeries.Count - before;
        }

        public MetricsBatch Take(int most)
        {
            SeriesDelta[] deltas = [.. _bySeries.Values.Take(most)];
            foreach (SeriesDelta delta in deltas)
            {
                _bySeries.Remove(delta.Series);
            }

            return new MetricsBatch(_from, _to, deltas, Guid.CreateVersion7());
        }

        private void Widen(DateTimeOffset from, DateTimeOffset to)
        {
            _from = from < _from ? from : _from;
            _to = to > _to ? to : _to;
        }
    }
}
