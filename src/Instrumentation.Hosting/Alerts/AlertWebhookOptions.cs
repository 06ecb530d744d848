namespace Instrumentation.Alerts;

/// <summary>Where and how the alert webhook posts, bound from <c>Instrumentation:AlertWebhook</c> and validated at start-up.</summary>
public sealed class AlertWebhookOptions
{
    /// <summary>The configuration section the options bind from.</summary>
    public const string SectionName = "Instrumentation:AlertWebhook";

    /// <summary>The absolute http or https URL each notification is POSTed to as JSON. Required. Logs show only its scheme and host.</summary>
    public Uri? Url { get; set; }

    /// <summary>Headers sent with every POST (an <c>Authorization</c> token, say). Their values never reach a log.</summary>
    public Dictionary<string, string> Headers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How long one POST may take. Default 10 seconds; 1 second to 5 minutes.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The wait before the first retry; each retry waits twice as long, up to <see cref="MaxRetryDelay"/>. Default 1 second.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between two retries. Default 1 minute.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Attempts per notification before it is dropped (and logged as an error). Default 10, which with the default delays
    /// keeps trying for about 5 minutes; 1 to 1000.
    /// </summary>
    public int MaxAttempts { get; set; } = 10;

    /// <summary>Notifications waiting to be posted at most; past it the oldest is dropped (and logged). Default 1,000; 1 to 100,000.</summary>
    public int MaxQueued { get; set; } = 1_000;

    /// <summary>Each setting out of range, named with its configuration key.</summary>
    internal IEnumerable<string> Failures()
    {
        if (Url is null || !Url.IsAbsoluteUri || Url.Scheme is not ("http" or "https"))
        {
            yield return $"{SectionName}:Url is {(Url is null ? "missing" : "not an absolute http or https URL")}; set the URL notifications are POSTed to, such as https://alerts.example.com/hook.";
        }

        if (Timeout < TimeSpan.FromSeconds(1) || Timeout > TimeSpan.FromMinutes(5))
        {
            yield return $"{SectionName}:Timeout is {Timeout}; use 00:00:01 to 00:05:00 (default 00:00:10).";
        }

        if (RetryDelay <= TimeSpan.Zero || RetryDelay > MaxRetryDelay)
        {
            yield return $"{SectionName}:RetryDelay is {RetryDelay}; use more than zero and at most MaxRetryDelay ({MaxRetryDelay}).";
        }

        if (MaxRetryDelay > TimeSpan.FromHours(1))
        {
            yield return $"{SectionName}:MaxRetryDelay is {MaxRetryDelay}; use at most 01:00:00 (default 00:01:00).";
        }

        if (MaxAttempts is < 1 or > 1000)
        {
            yield return $"{SectionName}:MaxAttempts is {MaxAttempts}; use 1 to 1000 (default 10).";
        }

        if (MaxQueued is < 1 or > 100_000)
        {
            yield return $"{SectionName}:MaxQueued is {MaxQueued}; use 1 to 100000 (default 1000).";
        }

        foreach (string name in Headers.Keys.Where(n => string.IsNullOrWhiteSpace(n) || n.Any(c => c <= ' ' || c == ':' || c > '~')))
        {
            yield return $"{SectionName}:Headers has the name '{name}', which is not a valid header name.";
        }
    }
}
