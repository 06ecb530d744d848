namespace Instrumentation;

/// <summary>
/// Reports a value read at collection time (connections present, buffer use): on a static
/// parameterless method returning an integer, the collector calls it once per interval.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class TrackGaugeAttribute : TrackAttribute
{
    /// <summary>Names the metric after the method.</summary>
    public TrackGaugeAttribute()
    {
    }

    /// <summary>Names the metric <paramref name="metricName"/>.</summary>
    /// <param name="metricName">Letters, digits, '.', '_', '-' or '/', starting with a letter.</param>
    public TrackGaugeAttribute(string metricName)
        : base(metricName)
    {
    }
}
