namespace Instrumentation;

/// <summary>
/// Counts occurrences per tag set (for example events by aspect); parameters become tags. With
/// <see cref="Timed"/>, each occurrence also records its duration.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class TrackEventAttribute : TrackAttribute
{
    /// <summary>Names the metric after the method.</summary>
    public TrackEventAttribute()
    {
    }

    /// <summary>Names the metric <paramref name="metricName"/>.</summary>
    /// <param name="metricName">Letters, digits, '.', '_', '-' or '/', starting with a letter.</param>
    public TrackEventAttribute(string metricName)
        : base(metricName)
    {
    }

    /// <summary>Whether each occurrence is timed into a latency histogram. Default <see langword="false"/>.</summary>
    public bool Timed { get; set; }
}
