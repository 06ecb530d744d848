namespace Instrumentation.Collection;

/// <summary>
/// The deltas of every series that changed between <see cref="From"/> and <see cref="To"/>. A batch
/// a sink receives after an outage covers the whole outage, its deltas coalesced per series.
/// </summary>
public sealed class MetricsBatch
{
    /// <summary>Creates a batch.</summary>
    /// <param name="from">When the first interval in the batch began.</param>
    /// <param name="to">When the last interval in the batch was collected.</param>
    /// <param name="deltas">One delta per series that changed.</param>
    /// <param name="deliveryId">
    /// Identifies this batch to one sink; <see cref="Guid.Empty"/> for a batch that is not (yet) a delivery, such as
    /// the one <see cref="InstrumentationCollector.Collect"/> returns.
    /// </param>
    public MetricsBatch(DateTimeOffset from, DateTimeOffset to, IReadOnlyList<SeriesDelta> deltas, Guid deliveryId = default)
    {
        ArgumentNullException.ThrowIfNull(deltas);
        if (to < from)
        {
            throw new ArgumentException($"A batch ends ({to:O}) after it starts ({from:O}).", nameof(to));
        }

        From = from;
        To = to;
        Deltas = deltas;
        DeliveryId = deliveryId;
    }

    /// <summary>
    /// Identifies the delivery to one sink: a retry of a failed write carries the same id and the same deltas, so a
    /// sink that cannot tell whether a failed write was applied (a connection cut after the commit) can store the id
    /// with the data and apply each id at most once.
    /// </summary>
    public Guid DeliveryId { get; }

    /// <summary>When the first interval in the batch began.</summary>
    public DateTimeOffset From { get; }

    /// <summary>When the last interval in the batch was collected.</summary>
    public DateTimeOffset To { get; }

    /// <summary>One delta per series that changed, each series at most once.</summary>
    public IReadOnlyList<SeriesDelta> Deltas { get; }
}
