using Instrumentation.Probes;
using Instrumentation.Snapshots;

namespace Instrumentation.History;

/// <summary>
/// Questions to a stored history, answered by a sink that keeps one (the SQLite sink). Registered in the container,
/// it is what the web package's <c>GET {prefix}/export</c> route asks. Results stream row by row.
/// </summary>
public interface IHistoryQueries
{
    /// <summary>The endpoint series with the most requests, errors, or the slowest p99 over <paramref name="range"/>.</summary>
    IAsyncEnumerable<EndpointTotals> TopEndpointsAsync(HistoryRange range, TopEndpointsOrder by = TopEndpointsOrder.Requests, int limit = 10, CancellationToken cancellationToken = default);

    /// <summary>
    /// Failure rates of every endpoint series, then of every tag value across each endpoint metric, highest first; with
    /// <paramref name="tag"/>, only the rates per value of that tag.
    /// </summary>
    IAsyncEnumerable<FailureTotals> FailureRatesAsync(HistoryRange range, string? tag = null, CancellationToken cancellationToken = default);

    /// <summary>The fields of <paramref name="metric"/>'s kind, or <see langword="null"/> when nothing of it is stored.</summary>
    Task<SeriesSchema?> SchemaOfAsync(string metric, CancellationToken cancellationToken = default);

    /// <summary>Totals per value of <paramref name="tag"/> across the series of <paramref name="metric"/>, largest first.</summary>
    IAsyncEnumerable<TagValueTotals> TagValuesAsync(string metric, string tag, HistoryRange range, CancellationToken cancellationToken = default);

    /// <summary>The time series of <paramref name="metric"/> (all its series added up), one point per bucket that has data.</summary>
    IAsyncEnumerable<TimePoint> TimeSeriesAsync(string metric, HistoryRange range, CancellationToken cancellationToken = default);

    /// <summary>
    /// Each series of <paramref name="metric"/> over <paramref name="range"/>, as raw sums that merge exactly (what alert
    /// trends compare a window with); empty when the range holds nothing of it. Gauge values and active tokens are not read.
    /// </summary>
    Task<IReadOnlyList<SeriesAggregate>> SeriesAsync(string metric, HistoryRange range, CancellationToken cancellationToken = default);
}
