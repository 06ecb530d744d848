using Instrumentation.Collection;
using Instrumentation.Probes;

namespace Instrumentation.Sinks.Sqlite;

/// <summary>
/// Deltas received but not yet written, added up per series and minute (the minute the collector
/// read them in). Not thread-safe; the sink locks.
/// </summary>
internal sealed class PendingRows
{
    private readonly Dictionary<(string Series, long Minute), PendingRow> _rows = [];
    private readonly HashSet<string> _series = new(StringComparer.Ordinal);

    public int Count => _rows.Count;

    public int SeriesCount => _series.Count;

    public void Add(MetricsBatch batch)
    {
        long minute = Granularity.Minute.BucketOf(batch.To.ToUnixTimeSeconds());
        foreach (SeriesDelta delta in batch.Deltas)
        {
            var row = new PendingRow(delta.Series, minute);
            for (int i = 0; i < delta.Counters.Count; i++)
            {
                row.Counters[i] = delta.Counters[i];
            }

            row.DurationSum = delta.DurationSumNanoseconds;
            row.Buckets = [.. delta.Buckets];
            row.Value = delta.Value;
            Add(row, rowIsNewer: true);
        }
    }

    /// <summary>Puts back rows whose write failed; rows that arrived meanwhile are newer.</summary>
    public void AddOlder(IEnumerable<PendingRow> rows)
    {
        foreach (PendingRow row in rows)
        {
            Add(row, rowIsNewer: false);
        }
    }

    public List<PendingRow> TakeAll()
    {
        List<PendingRow> rows = [.. _rows.Values];
        _rows.Clear();
        _series.Clear();
        return rows;
    }

    private void Add(PendingRow row, bool rowIsNewer)
    {
        (string, long) key = (row.Series.Key, row.Minute);
        _series.Add(row.Series.Key);
        if (!_rows.TryGetValue(key, out PendingRow? pending))
        {
            _rows.Add(key, row);
            return;
        }

        for (int i = 0; i < pending.Counters.Length; i++)
        {
            pending.Counters[i] += row.Counters[i];
        }

        pending.DurationSum += row.DurationSum;
        pending.Buckets = BucketBlob.Add(pending.Buckets, row.Buckets);
        pending.Value = rowIsNewer ? row.Value ?? pending.Value : pending.Value ?? row.Value;
    }
}

/// <summary>One series' deltas in one minute, waiting to be written.</summary>
internal sealed class PendingRow(SeriesInfo series, long minute)
{
    public const int CounterColumns = 3;

    public SeriesInfo Series { get; } = series;

    /// <summary>The minute (unix seconds of its start).</summary>
    public long Minute { get; } = minute;

    public long[] Counters { get; } = new long[CounterColumns];

    public long DurationSum { get; set; }

    public BucketCount[] Buckets { get; set; } = [];

    public long? Value { get; set; }
}
