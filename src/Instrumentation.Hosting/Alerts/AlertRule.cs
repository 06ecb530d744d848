namespace Instrumentation.Alerts;

/// <summary>
/// One alert rule, bound from an item of <c>Instrumentation:Alerts</c>: a field of a metric's window compared with a
/// threshold (<c>&gt; 0.05</c>) or with its own baseline from history (a trend), true for at least <see cref="For"/>
/// before it fires, as Prometheus alerting rules are.
/// </summary>
public sealed class AlertRule
{
    /// <summary>A name unique among the rules, shown in logs, notifications and the snapshot.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>The metric watched, as its probe names it (<c>orders.checkout</c>).</summary>
    public string Metric { get; set; } = string.Empty;

    /// <summary>Tags a series must have to count (<c>region = eu</c>); empty for every series of the metric, added up.</summary>
    public Dictionary<string, string> Tags { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The field watched: <c>errorRate</c> (0 to 1), <c>p50</c>, <c>p95</c> or <c>p99</c> (milliseconds), <c>rate</c> (per
    /// second), <c>hitRate</c> (0 to 1), <c>value</c> (a gauge, or calls in flight), <c>cost</c> (currency units), or any
    /// field of the metric's kind by name, summed over the window (<c>calls</c>, <c>failures</c>, <c>evictions</c>, …).
    /// </summary>
    public string Field { get; set; } = string.Empty;

    /// <summary>The window the field is computed over: <c>1m</c>, <c>5m</c> or <c>1h</c>. Default <c>5m</c>.</summary>
    public string Window { get; set; } = "5m";

    /// <summary>A comparison with a number: <c>&gt; 0.05</c>, <c>&gt;= 500</c>, <c>&lt; 0.9</c> or <c>&lt;= 0</c>. Set this or <see cref="Trend"/>.</summary>
    public string? Threshold { get; set; }

    /// <summary>
    /// A comparison of the window's value with its baseline from history (the same field over the
    /// <see cref="BaselineWindows"/> windows before this one): <c>ratio &gt; 2</c> (value ÷ baseline mean) or
    /// <c>zscore &gt; 3</c> (standard deviations from the mean). Needs the SQLite sink. Set this or <see cref="Threshold"/>.
    /// </summary>
    public string? Trend { get; set; }

    /// <summary>How many earlier windows a trend's baseline is computed from. Default 12; 2 to 168.</summary>
    public int BaselineWindows { get; set; } = 12;

    /// <summary>
    /// How long the condition must hold before the rule fires (pending until then): <c>0s</c>, <c>30s</c>, <c>5m</c>,
    /// <c>1h</c> or a <see cref="TimeSpan"/> such as <c>00:05:00</c>. Default <c>0s</c>: fires at the first evaluation that holds.
    /// </summary>
    public string For { get; set; } = "0s";

    /// <summary>
    /// <c>local</c> (default): this process's windows, evaluated by every instance. <c>fleet</c>: every instance's windows,
    /// from Redis, evaluated by one instance at a time, which alone notifies; needs the Redis sink.
    /// </summary>
    public string Scope { get; set; } = "local";
}
