namespace Instrumentation;

/// <summary>
/// Counts one issued token per completed call. Tokens count as active for <see cref="LifetimeSeconds"/>
/// after issue unless revoked; share the metric name with <see cref="TrackTokenRevokeAttribute"/>
/// so revocations subtract from the same active count.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class TrackTokenIssueAttribute : TrackAttribute
{
    /// <summary>Names the metric after the method.</summary>
    public TrackTokenIssueAttribute()
    {
    }

    /// <summary>Names the metric <paramref name="metricName"/>.</summary>
    /// <param name="metricName">Letters, digits, '.', '_', '-' or '/', starting with a letter.</param>
    public TrackTokenIssueAttribute(string metricName)
        : base(metricName)
    {
    }

    /// <summary>How long an issued token lives, in seconds; 0 (the default) means one hour.</summary>
    public int LifetimeSeconds { get; set; }
}
