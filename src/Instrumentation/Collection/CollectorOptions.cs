namespace Instrumentation.Collection;

/// <summary>How often the collector reads probes and how it retries failing sinks.</summary>
public sealed class CollectorOptions
{
    /// <summary>Time between two collections. Default 1 second; between 10 ms and 1 hour.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest delay any setting of the collector or a sink's policy may ask for.</summary>
    public static readonly TimeSpan LongestDelay = TimeSpan.FromDays(1);

    /// <summary>The first wait before a failed sink write is retried; it doubles up to <see cref="MaxRetryDelay"/>. Default 1 second, at most a day.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between two retries of a failing sink. Default 30 seconds, at most a day.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        if (Interval < TimeSpan.FromMilliseconds(10) || Interval > TimeSpan.FromHours(1))
        {
            throw new ArgumentException($"Instrumentation:Interval is {Interval}; use a value between 00:00:00.010 and 01:00:00 (default 00:00:01).", nameof(Interval));
        }

        if (RetryDelay <= TimeSpan.Zero || RetryDelay > LongestDelay)
        {
            throw new ArgumentException($"Instrumentation:RetryDelay is {RetryDelay}; use a positive value up to 1.00:00:00 (default 00:00:01).", nameof(RetryDelay));
        }

        if (MaxRetryDelay > LongestDelay)
        {
            throw new ArgumentException($"Instrumentation:MaxRetryDelay is {MaxRetryDelay}; use a value up to 1.00:00:00 (default 00:00:30).", nameof(MaxRetryDelay));
        }

        if (MaxRetryDelay < RetryDelay)
        {
            throw new ArgumentException($"Instrumentation:MaxRetryDelay ({MaxRetryDelay}) is shorter than RetryDelay ({RetryDelay}); make it at least as long.", nameof(MaxRetryDelay));
        }
    }
}
