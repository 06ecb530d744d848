namespace Instrumentation;

/// <summary>
/// Counts calls, failures and calls in flight, and times every call into a latency histogram.
/// On a method with a body, every call site the generator sees is intercepted (an exception is a
/// failure, rethrown unchanged; tasks are timed to completion); on an ASP.NET Core handler or
/// controller action the AspNetCore package records each request. On a <c>static partial</c> method
/// without a body returning <see cref="TrackingScope"/>, the generator writes a probe that times a block.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class TrackEndpointAttribute : TrackAttribute
{
    /// <summary>Names the metric after the method.</summary>
    public TrackEndpointAttribute()
    {
    }

    /// <summary>Names the metric <paramref name="metricName"/>.</summary>
    /// <param name="metricName">Letters, digits, '.', '_', '-' or '/', starting with a letter.</param>
    public TrackEndpointAttribute(string metricName)
        : base(metricName)
    {
    }
}
