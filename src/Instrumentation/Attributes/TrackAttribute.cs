namespace Instrumentation;

/// <summary>
/// What every Track attribute shares: an optional metric name and series limit. The source
/// generator reads these at compile time; nothing reads them at run time.
/// </summary>
public abstract class TrackAttribute : Attribute
{
    /// <summary>Names the metric after the method (for example <c>Orders.Checkout</c>).</summary>
    protected TrackAttribute()
    {
    }

    /// <summary>Names the metric <paramref name="metricName"/>.</summary>
    /// <param name="metricName">Letters, digits, '.', '_', '-' or '/', starting with a letter; for example <c>orders.checkout</c>.</param>
    protected TrackAttribute(string metricName)
    {
        MetricName = metricName;
    }

    /// <summary>The metric name, or <see langword="null"/> to name it after the method.</summary>
    public string? MetricName { get; }

    /// <summary>
    /// The most tag-value combinations kept before new ones fold into one <c>__overflow__</c>
    /// series (which still counts every event); 0 (the default) uses the configured default of 1,000.
    /// </summary>
    public int CardinalityLimit { get; set; }
}
