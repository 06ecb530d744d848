namespace Instrumentation.Collection;

/// <summary>
/// The deltas of every series that changed between <see cref="From"/> and <see cref="To"/>. A batch
/// a sink receives after an outage covers the whole outage, its deltas coalesced per series.
/// </summary>
public sealed class MetricsBatch
{
    /// <summary>Creates a batch.</summary>
    public MetricsBatch(DateTimeOffset from, DateTimeOffset to, IReadOnlyList<SeriesDelta> deltas)
    {
        ArgumentNullException.ThrowIfNull(deltas);
        if (to < from)
        {
            throw new ArgumentException($"A batch ends ({to:O}) after it starts ({from:O}).", nameof(to));
        }

        From = from;
        To = to;
        Deltas = deltas;
    }

    /// <summary>When the first interval in the batch began.</summary>
    public DateTimeOffset From { get; }

    /// <summary>When the last interval in the batch was collected.</summary>
    public DateTimeOffset To { get; }

    /// <summary>One delta per series that changed, each series at most once.</summary>
    public IReadOnlyList<SeriesDelta> Deltas { get; }
}
