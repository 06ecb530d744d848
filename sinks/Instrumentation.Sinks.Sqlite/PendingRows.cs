using Instrumentation.Collection;
using Instrumentation.History;

namespace Instrumentation.Sinks.Sqlite;

/// <summary>
/// Deltas received but not yet written, added up (<see cref="SeriesDelta.Combine"/>) per series and
/// minute — the minute the collector read them in. Not thread-safe; the sink locks.
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
            Add(new PendingRow(minute, delta), rowIsNewer: true);
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
        (string, long) key = (row.Delta.Series.Key, row.Minute);
        _series.Add(row.Delta.Series.Key);
        _rows[key] = !_rows.TryGetValue(key, out PendingRow? pending) ? row
            : rowIsNewer ? pending with { Delta = SeriesDelta.Combine(pending.Delta, row.Delta) }
            : pending with { Delta = SeriesDelta.Combine(row.Delta, pending.Delta) };
    }
}

/// <summary>One series' deltas in one minute (unix seconds of its start), waiting to be written.</summary>
internal sealed record PendingRow(long Minute, SeriesDelta Delta);
