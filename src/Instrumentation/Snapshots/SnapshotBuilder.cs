using Instrumentation.Probes;

namespace Instrumentation.Snapshots;

/// <summary>Turns raw aggregates into the snapshot's rates, percentages and percentiles.</summary>
internal static class SnapshotBuilder
{
    private const double NanosecondsPerMillisecond = 1_000_000;

    /// <param name="window">The window asked for.</param>
    /// <param name="scope">The scope asked for.</param>
    /// <param name="at">When the snapshot is taken.</param>
    /// <param name="inWindow">Aggregates over the window.</param>
    /// <param name="lastHour">Aggregates over the last hour, for the "last hour" figures of tokens and caches (the window's own when it has neither).</param>
    public static InstrumentationSnapshot Build(
        SnapshotWindow window,
        SnapshotScope scope,
        DateTimeOffset at,
        IReadOnlyList<SeriesAggregate> inWindow,
        IReadOnlyList<SeriesAggregate> lastHour)
    {
        Dictionary<string, SeriesAggregate> hourByKey = lastHour
            .Where(a => ShowsLastHour(a.Series.Kind))
            .ToDictionary(a => a.Series.Key, StringComparer.Ordinal);
        SeriesAggregate HourOf(SeriesAggregate a) => hourByKey.GetValueOrDefault(a.Series.Key) ?? new SeriesAggregate(a.Series, TimeSpan.FromHours(1));

        return new InstrumentationSnapshot(
            at,
            window.Name,
            scope,
            [.. inWindow.Where(a => a.Series.Kind == ProbeKind.Endpoint).Select(Endpoint).OrderByDescending(e => e.Requests).ThenBy(e => e.Name, StringComparer.Ordinal)],
            [.. inWindow.Where(a => a.Series.Kind == ProbeKind.Token).Select(a => Token(a, HourOf(a))).OrderBy(t => t.Name, StringComparer.Ordinal)],
            [.. inWindow.Where(a => a.Series.Kind == ProbeKind.Cache).Select(a => Cache(a, HourOf(a))).OrderBy(c => c.Name, StringComparer.Ordinal)],
            [.. inWindow.Where(a => a.Series.Kind == ProbeKind.Event).Select(Event).OrderByDescending(e => e.Count).ThenBy(e => e.Name, StringComparer.Ordinal)],
            [.. inWindow.Where(a => a.Series.Kind == ProbeKind.Gauge).Select(Gauge).OrderBy(g => g.Name, StringComparer.Ordinal)],
            [.. inWindow.Where(a => a.Series.Kind == ProbeKind.Usage).Select(Usage).OrderByDescending(u => u.CostMicros).ThenByDescending(u => u.Calls).ThenBy(u => u.Name, StringComparer.Ordinal)],
            Budgets: [],
            Alerts: []);
    }

    /// <summary>Whether the snapshot shows "last hour" figures for series of <paramref name="kind"/> (tokens and caches).</summary>
    public static bool ShowsLastHour(ProbeKind kind) => kind is ProbeKind.Token or ProbeKind.Cache;

    private static EndpointSnapshot Endpoint(SeriesAggregate a)
    {
        long requests = a.Fields[FieldNames.Calls];
        long errors = a.Fields[FieldNames.Failures];
        return new EndpointSnapshot(
            a.Series.Metric,
            Tags(a),
            requests,
            errors,
            requests == 0 ? 0 : Math.Round((double)errors / requests, 4),
            PerSecond(requests, a.Span),
            Milliseconds(a.Histogram?.Percentile(0.50)),
            Milliseconds(a.Histogram?.Percentile(0.95)),
            Milliseconds(a.Histogram?.Percentile(0.99)),
            Math.Max(0, a.Value ?? 0));
    }

    private static TokenSnapshot Token(SeriesAggregate a, SeriesAggregate hour) =>
        new(a.Series.Metric, Tags(a), hour.Fields[FieldNames.Issued], hour.Fields[FieldNames.Revoked], a.ActiveTokens ?? 0);

    private static CacheSnapshot Cache(SeriesAggregate a, SeriesAggregate hour)
    {
        long hits = a.Fields[FieldNames.Hits];
        long misses = a.Fields[FieldNames.Misses];
        double? hitRate = hits + misses == 0 ? null : Math.Round(100.0 * hits / (hits + misses), 2);
        return new CacheSnapshot(a.Series.Metric, Tags(a), hits, misses, hitRate, hour.Fields[FieldNames.Evictions]);
    }

    private static EventSnapshot Event(SeriesAggregate a)
    {
        long count = a.Fields[FieldNames.Occurrences];
        return new EventSnapshot(a.Series.Metric, Tags(a), count, PerSecond(count, a.Span), a.Fields[FieldNames.ValueSum]);
    }

    private static GaugeSnapshot Gauge(SeriesAggregate a) => new(a.Series.Metric, Tags(a), a.Value ?? 0);

    private static UsageSnapshot Usage(SeriesAggregate a)
    {
        long calls = a.Fields[FieldNames.Calls];
        long failures = a.Fields[FieldNames.Failures];
        long outputTokens = a.Fields[FieldNames.OutputTokens];
        long cost = a.Fields[FieldNames.CostMicros];
        double? seconds = a.Series.HasDuration ? a.DurationSumNanoseconds / 1e9 : null;
        return new UsageSnapshot(
            a.Series.Metric,
            Tags(a),
            calls,
            failures,
            calls == 0 ? 0 : Math.Round((double)failures / calls, 4),
            a.Fields[FieldNames.InputTokens],
            outputTokens,
            cost,
            calls == 0 ? 0 : Math.Round((double)cost / calls, 2),
            Milliseconds(a.Histogram?.Percentile(0.50)),
            Milliseconds(a.Histogram?.Percentile(0.95)),
            seconds is > 0 ? Math.Round(outputTokens / seconds.Value, 3) : null,
            a.Fields[FieldNames.Rejected],
            a.Fields[FieldNames.Unpriced]);
    }

    private static Dictionary<string, string> Tags(SeriesAggregate a) =>
        a.Series.Tags.ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);

    private static double PerSecond(long count, TimeSpan span) =>
        span <= TimeSpan.Zero ? 0 : Math.Round(count / span.TotalSeconds, 3);

    /// <summary>Milliseconds to the nanosecond (six decimals), so sub-microsecond percentiles keep their value.</summary>
    private static double? Milliseconds(double? nanoseconds) =>
        nanoseconds is { } ns ? Math.Round(ns / NanosecondsPerMillisecond, 6) : null;
}
