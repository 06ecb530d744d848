namespace Instrumentation.Snapshots;

/// <summary>Where one alert rule stands as of its last evaluation.</summary>
/// <param name="Name">The rule's name.</param>
/// <param name="Scope"><c>local</c> (this process's windows) or <c>fleet</c> (every instance's, from Redis).</param>
/// <param name="Metric">The metric the rule watches.</param>
/// <param name="Tags">The tags a series must have to count; empty for every series of the metric.</param>
/// <param name="Field">The field watched: <c>errorRate</c>, <c>p95</c>, <c>rate</c>, <c>hitRate</c>, <c>value</c>, <c>cost</c> or a field name such as <c>calls</c>.</param>
/// <param name="Window"><c>1m</c>, <c>5m</c> or <c>1h</c>.</param>
/// <param name="Condition">What makes the rule true, as configured: <c>&gt; 0.05</c>, or a trend such as <c>ratio &gt; 2 over 12 windows</c>.</param>
/// <param name="State"><c>inactive</c>, <c>pending</c> (true for less than its <c>for</c> duration), <c>firing</c>, or <c>resolved</c> (inactive again since it last fired).</param>
/// <param name="Value">The field's value in the window at the last evaluation; null when the window has none (no calls, say).</param>
/// <param name="Baseline">For a trend rule, the field's mean over the baseline windows; null for a threshold rule or without history.</param>
/// <param name="Score">For a trend rule, the value's ratio to the baseline or its z-score, the number the condition compares; null otherwise.</param>
/// <param name="ActiveSince">When the condition became true (pending or firing); null while inactive.</param>
/// <param name="FiringSince">When the rule started firing; null unless firing.</param>
/// <param name="ResolvedAt">When the rule last stopped firing; null if it never fired.</param>
/// <param name="EvaluatedAt">The last evaluation; null before the first.</param>
public sealed record AlertSnapshot(
    string Name,
    string Scope,
    string Metric,
    IReadOnlyDictionary<string, string> Tags,
    string Field,
    string Window,
    string Condition,
    string State,
    double? Value,
    double? Baseline,
    double? Score,
    DateTimeOffset? ActiveSince,
    DateTimeOffset? FiringSince,
    DateTimeOffset? ResolvedAt,
    DateTimeOffset? EvaluatedAt);
