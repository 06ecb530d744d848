namespace Instrumentation;

/// <summary>
/// Counts one revoked token per completed call. Use the same metric name as the matching
/// <see cref="TrackTokenIssueAttribute"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class TrackTokenRevokeAttribute : TrackAttribute
{
    /// <summary>Names the metric after the method.</summary>
    public TrackTokenRevokeAttribute()
    {
    }

    /// <summary>Names the metric <paramref name="metricName"/>.</summary>
    /// <param name="metricName">Letters, digits, '.', '_', '-' or '/', starting with a letter.</param>
    public TrackTokenRevokeAttribute(string metricName)
        : base(metricName)
    {
    }
}
