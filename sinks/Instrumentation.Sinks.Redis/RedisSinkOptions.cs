namespace Instrumentation.Sinks.Redis;

/// <summary>Where the fleet windows live and how they are keyed.</summary>
public sealed class RedisSinkOptions
{
    /// <summary>The StackExchange.Redis configuration string, for example <c>localhost:6379</c>. Required.</summary>
    public string Configuration { get; set; } = string.Empty;

    /// <summary>Prefix of every key; wrapped in a hash tag per time bucket so Redis Cluster can spread buckets. Default <c>instrumentation</c>.</summary>
    public string KeyPrefix { get; set; } = "instrumentation";

    /// <summary>This instance's name in the fleet breakdown. Default: machine name and process id.</summary>
    public string InstanceId { get; set; } = $"{Environment.MachineName}-{Environment.ProcessId}";

    /// <summary>
    /// An instance that has not written for this long leaves the fleet and its current values; each instance writes a
    /// heartbeat every third of it. Default 30 seconds; from 3 seconds to a day.
    /// </summary>
    public TimeSpan InstanceTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The most series written by one script call; larger batches are split into several calls of the same round trip. Default 2,000.</summary>
    public int MaxSeriesPerCall { get; set; } = 2000;

    /// <summary>The longest series key stored; longer keys are skipped (and logged once). Default 1,024 characters.</summary>
    public int MaxSeriesKeyLength { get; set; } = 1024;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Configuration))
        {
            throw new ArgumentException("Instrumentation:Redis:Configuration is empty; set it, for example \"localhost:6379\".", nameof(Configuration));
        }

        // StackExchange.Redis reads a URL, or user:password@host, as one host name, password included, and would show it
        // in every error. Its endpoints are the parts without '='.
        if (Configuration.Contains("://", StringComparison.Ordinal)
            || Configuration.Split(',').Any(part => !part.Contains('=', StringComparison.Ordinal) && part.Contains('@', StringComparison.Ordinal)))
        {
            throw new ArgumentException("Instrumentation:Redis:Configuration holds a URL or user:password@host, which StackExchange.Redis does not read; write it as \"host:port,user=…,password=…,ssl=true\" (the value is not shown here: it may hold a password).", nameof(Configuration));
        }

        if (string.IsNullOrWhiteSpace(KeyPrefix) || KeyPrefix.AsSpan().IndexOfAny("{}") >= 0)
        {
            throw new ArgumentException($"Instrumentation:Redis:KeyPrefix is '{KeyPrefix}'; use a non-empty prefix without braces (default \"instrumentation\").", nameof(KeyPrefix));
        }

        if (string.IsNullOrWhiteSpace(InstanceId))
        {
            throw new ArgumentException("Instrumentation:Redis:InstanceId is empty.", nameof(InstanceId));
        }

        if (InstanceTimeout < TimeSpan.FromSeconds(3) || InstanceTimeout > TimeSpan.FromDays(1))
        {
            throw new ArgumentException($"Instrumentation:Redis:InstanceTimeout is {InstanceTimeout}; use a value from 00:00:03 to 1.00:00:00 (default 00:00:30). Each instance writes a heartbeat every third of it.", nameof(InstanceTimeout));
        }

        if (MaxSeriesPerCall < 1 || MaxSeriesKeyLength < 16)
        {
            throw new ArgumentException("Instrumentation:Redis: MaxSeriesPerCall must be at least 1 and MaxSeriesKeyLength at least 16.", nameof(MaxSeriesPerCall));
        }
    }
}
