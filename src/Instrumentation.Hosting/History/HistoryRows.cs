namespace Instrumentation.History;

/// <summary>One endpoint series over a range.</summary>
public sealed record EndpointTotals(string Name, IReadOnlyList<KeyValuePair<string, string>> Tags, long Requests, long Errors, double ErrorRate, double? P50Ms, double? P95Ms, double? P99Ms);

/// <summary>Failures of one endpoint series, or of one tag value across a metric's series.</summary>
/// <param name="Name">The metric.</param>
/// <param name="Tag">The tag name, or null for a whole series.</param>
/// <param name="Value">The tag value, or the series' tags as <c>name=value,…</c> when <paramref name="Tag"/> is null.</param>
/// <param name="Requests">Calls.</param>
/// <param name="Errors">Failed calls.</param>
/// <param name="FailureRate">Errors ÷ requests, four decimals.</param>
public sealed record FailureTotals(string Name, string? Tag, string Value, long Requests, long Errors, double FailureRate);

/// <summary>One value of one tag of a metric (a client, a tenant) over a range.</summary>
/// <param name="Value">The tag value.</param>
/// <param name="Fields">The sum of each field of the metric's kind, by name (<c>calls</c>, <c>hits</c>, …).</param>
/// <param name="P95Ms">95th percentile duration for timed metrics.</param>
public sealed record TagValueTotals(string Value, IReadOnlyDictionary<string, long> Fields, double? P95Ms);

/// <summary>One bucket of a metric's time series (all its series added up).</summary>
/// <param name="At">The bucket start.</param>
/// <param name="Fields">The sum of each field of the metric's kind, by name (<c>calls</c>, <c>hits</c>, …).</param>
/// <param name="P50Ms">Median duration for timed metrics.</param>
/// <param name="P95Ms">95th percentile duration.</param>
/// <param name="P99Ms">99th percentile duration.</param>
public sealed record TimePoint(DateTimeOffset At, IReadOnlyDictionary<string, long> Fields, double? P50Ms, double? P95Ms, double? P99Ms);
