namespace Instrumentation;

/// <summary>
/// Counts cache lookups as hits or misses: a <see cref="bool"/> result (the TryGet pattern) of
/// <see langword="true"/>, or a non-null result, is a hit; anything else a miss.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class TrackCacheLookupAttribute : TrackAttribute
{
    /// <summary>Names the metric after the method.</summary>
    public TrackCacheLookupAttribute()
    {
    }

    /// <summary>Names the metric <paramref name="metricName"/>.</summary>
    /// <param name="metricName">Letters, digits, '.', '_', '-' or '/', starting with a letter.</param>
    public TrackCacheLookupAttribute(string metricName)
        : base(metricName)
    {
    }
}
