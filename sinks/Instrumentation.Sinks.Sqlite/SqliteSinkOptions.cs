namespace Instrumentation.Sinks.Sqlite;

/// <summary>Where the SQLite history lives, how often it is written and how long each granularity is kept.</summary>
public sealed class SqliteSinkOptions
{
    /// <summary>The database file. Required; its folder is created if missing.</summary>
    public string Path { get; set; } = string.Empty;

    /// <summary>The most series-minute rows in one write; this many waiting also starts a write. Default 1,000.</summary>
    public int BatchSize { get; set; } = 1000;

    /// <summary>Write waiting deltas at least this often. Default 5 seconds; what is lost if the process dies.</summary>
    public TimeSpan MaxLatency { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The most minutes of rows kept in memory while the database fails; past them the oldest minute's rows are added
    /// into the next minute (counts stay exact, those rows move a minute later). Default 120 (two hours of outage).
    /// </summary>
    public int MaxPendingMinutes { get; set; } = 120;

    /// <summary>How often completed minutes roll up into hours and days and old rows are purged. Default 1 minute.</summary>
    public TimeSpan RollupInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long minute rows are kept. Default 48 hours.</summary>
    public TimeSpan MinuteRetention { get; set; } = TimeSpan.FromHours(48);

    /// <summary>How long hour rows are kept. Default 90 days.</summary>
    public TimeSpan HourRetention { get; set; } = TimeSpan.FromDays(90);

    /// <summary>How long day rows are kept. Default 3 years (1,096 days).</summary>
    public TimeSpan DayRetention { get; set; } = TimeSpan.FromDays(1096);

    /// <summary>How long a write waits for a lock held by another connection before it is retried later. Default 5 seconds.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Path))
        {
            throw new ArgumentException("Instrumentation:Sqlite:Path is empty; set the database file, for example \"data/instrumentation.db\".", nameof(Path));
        }

        if (BatchSize < 1)
        {
            throw new ArgumentException($"Instrumentation:Sqlite:BatchSize is {BatchSize}; use 1 or more (default 1000).", nameof(BatchSize));
        }

        if (MaxPendingMinutes < 1)
        {
            throw new ArgumentException($"Instrumentation:Sqlite:MaxPendingMinutes is {MaxPendingMinutes}; use 1 or more (default 120).", nameof(MaxPendingMinutes));
        }

        Positive(MaxLatency, nameof(MaxLatency), "00:00:05");
        Positive(RollupInterval, nameof(RollupInterval), "00:01:00");
        Positive(BusyTimeout, nameof(BusyTimeout), "00:00:05");
        if (MinuteRetention < TimeSpan.FromHours(1) || HourRetention < TimeSpan.FromDays(1) || DayRetention < TimeSpan.FromDays(1))
        {
            throw new ArgumentException("Instrumentation:Sqlite retention keeps minutes at least 1 hour, hours and days at least 1 day (defaults 48 h, 90 d, 3 y).", nameof(MinuteRetention));
        }
    }

    /// <summary>A delay must be positive and at most a day: timers cannot wait much longer, and nothing here needs to.</summary>
    private static void Positive(TimeSpan value, string name, string example)
    {
        if (value <= TimeSpan.Zero || value > TimeSpan.FromDays(1))
        {
            throw new ArgumentException($"Instrumentation:Sqlite:{name} is {value}; use a positive value up to 1.00:00:00 (default {example}).", name);
        }
    }
}
