using Instrumentation.Probes;
using Instrumentation.Snapshots;

namespace Instrumentation.Alerts;

/// <summary>
/// The fields a rule can watch, computed from the series of a window that match it, added up: rates and percentiles
/// from the sums (never averaged across series), counts as sums.
/// </summary>
internal static class AlertFields
{
    private const double NanosecondsPerMillisecond = 1_000_000;

    /// <summary>The computed fields; any field of a kind's schema (<c>calls</c>, <c>hits</c>, …) is valid as well.</summary>
    public static IReadOnlyList<string> Computed { get; } = ["errorRate", "p50", "p95", "p99", "rate", "hitRate", "value", "cost"];

    /// <summary>Every field name a rule may use.</summary>
    public static IReadOnlyList<string> All { get; } = [.. Computed, .. SeriesSchema.All.SelectMany(s => s.Fields).Distinct(StringComparer.Ordinal)];

    /// <summary>Whether <paramref name="field"/> names a field (case-sensitive, as the snapshot's JSON spells them).</summary>
    public static bool IsKnown(string field) => All.Contains(field, StringComparer.Ordinal);

    /// <summary>The series of the rule's metric (<paramref name="series"/>) that have every tag value it names.</summary>
    public static IEnumerable<SeriesAggregate> WithTags(IEnumerable<SeriesAggregate> series, AlertRule rule) =>
        series.Where(a => rule.Tags.All(t => a.Series.Tags.Any(s => s.Key == t.Key && s.Value == t.Value)));

    /// <summary>
    /// <paramref name="field"/> over <paramref name="series"/> added up; null when the window has no value for it (an error
    /// rate without calls, a percentile without durations, a field the metric's kind does not have). Sums of no series are 0,
    /// so <c>calls &lt; 1</c> holds for a metric nothing called.
    /// </summary>
    public static double? ValueOf(string field, IReadOnlyList<SeriesAggregate> series)
    {
        long Sum(string name) => series.Sum(a => a.Fields.TryGetValue(name, out long v) ? v : 0);
        bool Has(string name) => series.Count == 0 || series.Any(a => a.Fields.ContainsKey(name));

        switch (field)
        {
            case "errorRate":
                long calls = Sum(FieldNames.Calls);
                return calls == 0 ? null : (double)Sum(FieldNames.Failures) / calls;
            case "hitRate":
                long lookups = Sum(FieldNames.Hits) + Sum(FieldNames.Misses);
                return lookups == 0 ? null : (double)Sum(FieldNames.Hits) / lookups;
            case "p50" or "p95" or "p99":
                return Percentile(series, field switch { "p50" => 0.50, "p95" => 0.95, _ => 0.99 });
            case "rate":
                TimeSpan span = series.Count == 0 ? TimeSpan.Zero : series.Max(a => a.Span);
                long count = series.Sum(MainCount);
                return span <= TimeSpan.Zero ? 0 : count / span.TotalSeconds;
            case "value":
                return series.Any(a => a.Value is not null) ? series.Sum(a => a.Value ?? 0) : null;
            case "cost":
                return Has(FieldNames.CostMicros) ? Sum(FieldNames.CostMicros) / 1_000_000.0 : null;
            default:
                return Has(field) ? Sum(field) : null;
        }
    }

    /// <summary>
    /// Whether <paramref name="field"/> has a value for <paramref name="series"/>' kind: an error rate for calls, a hit rate for a
    /// cache, percentiles for timed series, a value for gauges and endpoints (in flight), a cost for usage, a named field where the
    /// kind has it. A rule on a field its metric lacks can never hold.
    /// </summary>
    public static bool AppliesTo(string field, SeriesAggregate series) => field switch
    {
        "errorRate" => series.Fields.ContainsKey(FieldNames.Failures),
        "hitRate" => series.Fields.ContainsKey(FieldNames.Hits),
        "p50" or "p95" or "p99" => series.Histogram is not null,
        "rate" => series.Series.Kind != ProbeKind.Gauge,
        "value" => series.Series.Kind is ProbeKind.Gauge or ProbeKind.Endpoint,
        "cost" => series.Fields.ContainsKey(FieldNames.CostMicros),
        _ => series.Fields.ContainsKey(field),
    };

    /// <summary>What a kind's rate counts: calls, occurrences, issued tokens or cache lookups; gauges have none.</summary>
    private static long MainCount(SeriesAggregate a) => a.Series.Kind switch
    {
        ProbeKind.Endpoint or ProbeKind.Usage => a.Fields[FieldNames.Calls],
        ProbeKind.Event => a.Fields[FieldNames.Occurrences],
        ProbeKind.Token => a.Fields[FieldNames.Issued],
        ProbeKind.Cache => a.Fields[FieldNames.Hits] + a.Fields[FieldNames.Misses],
        _ => 0,
    };

    private static double? Percentile(IReadOnlyList<SeriesAggregate> series, double quantile)
    {
        var merged = new LatencyHistogram();
        foreach (SeriesAggregate a in series)
        {
            if (a.Histogram is { } histogram)
            {
                merged.Add(histogram);
            }
        }

        return merged.Percentile(quantile) is { } ns ? ns / NanosecondsPerMillisecond : null;
    }
}
