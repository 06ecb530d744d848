using System.Globalization;
using Instrumentation.History;
using Instrumentation.Probes;
using Instrumentation.Snapshots;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Instrumentation.AspNetCore;

/// <summary>
/// <c>GET {prefix}/export?query=top|failures|tags|timeseries&amp;format=csv|json&amp;from=&amp;to=&amp;granularity=minute|hour|day&amp;metric=&amp;tag=&amp;by=&amp;limit=</c>:
/// any history query, streamed as CSV or JSON. Mapped by <c>MapInstrumentation()</c> when a sink that keeps history
/// registers <see cref="IHistoryQueries"/> (the SQLite sink does).
/// </summary>
internal static class HistoryExportRoutes
{
    private const int MaxLimit = 10_000;

    public static void Map(IEndpointRouteBuilder group) => group.MapGet("/export", static context => ExportAsync(context)).WithName("InstrumentationExport");

    private static async Task ExportAsync(HttpContext context)
    {
        IQueryCollection query = context.Request.Query;
        IHistoryQueries queries = context.RequestServices.GetRequiredService<IHistoryQueries>();
        DateTimeOffset now = context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        string kind = Text(query, "query") ?? "top";
        string format = Text(query, "format") ?? "json";
        if (kind is not ("top" or "failures" or "tags" or "timeseries"))
        {
            await InstrumentationProblem.BadQueryAsync(context, "query", kind, "top, failures, tags or timeseries").ConfigureAwait(false);
            return;
        }

        if (format is not ("csv" or "json"))
        {
            await InstrumentationProblem.BadQueryAsync(context, "format", format, "csv or json").ConfigureAwait(false);
            return;
        }

        const string Times = "an ISO 8601 time from 1970-01-01T00:00:00Z to 9999-01-01T00:00:00Z, such as 2026-11-24T10:00:00Z, with from before to";
        if (!TryTime(query, "to", now, out DateTimeOffset to) || !HistoryRange.Covers(to) || to == HistoryRange.Earliest)
        {
            await InstrumentationProblem.BadQueryAsync(context, "to", Text(query, "to") ?? string.Empty, Times).ConfigureAwait(false);
            return;
        }

        DateTimeOffset dayBefore = to - HistoryRange.Earliest > TimeSpan.FromDays(1) ? to.AddDays(-1) : HistoryRange.Earliest;
        if (!TryTime(query, "from", dayBefore, out DateTimeOffset from) || !HistoryRange.Covers(from) || from >= to)
        {
            await InstrumentationProblem.BadQueryAsync(context, "from", Text(query, "from") ?? string.Empty, Times).ConfigureAwait(false);
            return;
        }

        string granularityText = Text(query, "granularity") ?? "minute";
        Granularity? granularity = granularityText switch { "minute" => Granularity.Minute, "hour" => Granularity.Hour, "day" => Granularity.Day, _ => null };
        if (granularity is null)
        {
            await InstrumentationProblem.BadQueryAsync(context, "granularity", granularityText, "minute, hour or day").ConfigureAwait(false);
            return;
        }

        string? metric = Text(query, "metric");
        string? tag = Text(query, "tag");
        if (kind is "tags" or "timeseries" && string.IsNullOrEmpty(metric))
        {
            await InstrumentationProblem.BadQueryAsync(context, "metric", metric ?? string.Empty, $"the metric name for query={kind}").ConfigureAwait(false);
            return;
        }

        if ((kind == "tags" && string.IsNullOrEmpty(tag)) || (kind == "failures" && tag is { Length: 0 }))
        {
            await InstrumentationProblem.BadQueryAsync(context, "tag", tag ?? string.Empty, kind == "tags" ? "the tag name for query=tags" : "a tag name, or no tag parameter for every tag").ConfigureAwait(false);
            return;
        }

        string byText = Text(query, "by") ?? "requests";
        if (!TopEndpointsOrderExtensions.TryParseName(byText, out TopEndpointsOrder by))
        {
            await InstrumentationProblem.BadQueryAsync(context, "by", byText, "requests, errors or p99").ConfigureAwait(false);
            return;
        }

        string limitText = Text(query, "limit") ?? "100";
        if (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out int limit) || limit is < 1 or > MaxLimit)
        {
            await InstrumentationProblem.BadQueryAsync(context, "limit", limitText, $"a whole number from 1 to {MaxLimit}").ConfigureAwait(false);
            return;
        }

        SeriesSchema? schema = kind is "tags" or "timeseries" ? await queries.SchemaOfAsync(metric!, context.RequestAborted).ConfigureAwait(false) : null;
        if (kind is "tags" or "timeseries" && schema is null)
        {
            await InstrumentationProblem.BadQueryAsync(context, "metric", metric!, "the name of a metric with stored history").ConfigureAwait(false);
            return;
        }

        var range = new HistoryRange(from, to, granularity.Value);
        HttpResponse response = context.Response;
        response.ContentType = format == "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8";
        response.Headers.ContentDisposition = $"attachment; filename=\"instrumentation-{kind}.{format}\"";
        CancellationToken aborted = context.RequestAborted;
        Task written = kind switch
        {
            "failures" => Write(queries.FailureRatesAsync(range, tag, aborted), HistoryExport.FailureRates),
            "tags" => Write(queries.TagValuesAsync(metric!, tag!, range, aborted), HistoryExport.TagValues(schema!)),
            "timeseries" => Write(queries.TimeSeriesAsync(metric!, range, aborted), HistoryExport.TimeSeries(schema!)),
            _ => Write(queries.TopEndpointsAsync(range, by, limit, aborted), HistoryExport.TopEndpoints),
        };
        await written.ConfigureAwait(false);

        Task Write<T>(IAsyncEnumerable<T> rows, ExportColumns<T> columns) => format == "csv"
            ? HistoryExport.WriteCsvAsync(rows, columns, response.Body, aborted)
            : HistoryExport.WriteJsonAsync(rows, columns, response.Body, aborted);
    }

    private static string? Text(IQueryCollection query, string name) => query.TryGetValue(name, out var values) ? values.ToString() : null;

    private static bool TryTime(IQueryCollection query, string name, DateTimeOffset fallback, out DateTimeOffset time)
    {
        string? text = Text(query, name);
        if (text is null)
        {
            time = fallback;
            return true;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out time);
    }
}
