namespace Instrumentation;

/// <summary>Counts one cache eviction per completed call.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class TrackCacheEvictionAttribute : TrackAttribute
{
    /// <summary>Names the metric after the method.</summary>
    public TrackCacheEvictionAttribute()
    {
    }

    /// <summary>Names the metric <paramref name="metricName"/>.</summary>
    /// <param name="metricName">Letters, digits, '.', '_', '-' or '/', starting with a letter.</param>
    public TrackCacheEvictionAttribute(string metricName)
        : base(metricName)
    {
    }
}
