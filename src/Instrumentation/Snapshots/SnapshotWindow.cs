using System.Diagnostics.CodeAnalysis;

namespace Instrumentation.Snapshots;

/// <summary>The span a snapshot looks back over: <c>1m</c>, <c>5m</c> or <c>1h</c>.</summary>
public readonly record struct SnapshotWindow
{
    private SnapshotWindow(string name, TimeSpan duration)
    {
        Name = name;
        Duration = duration;
    }

    /// <summary>The last minute (<c>1m</c>).</summary>
    public static SnapshotWindow OneMinute { get; } = new("1m", TimeSpan.FromMinutes(1));

    /// <summary>The last five minutes (<c>5m</c>).</summary>
    public static SnapshotWindow FiveMinutes { get; } = new("5m", TimeSpan.FromMinutes(5));

    /// <summary>The last hour (<c>1h</c>).</summary>
    public static SnapshotWindow OneHour { get; } = new("1h", TimeSpan.FromHours(1));

    /// <summary>Every window, shortest first.</summary>
    public static IReadOnlyList<SnapshotWindow> All { get; } = [OneMinute, FiveMinutes, OneHour];

    /// <summary>The name used in queries and JSON: <c>1m</c>, <c>5m</c> or <c>1h</c>.</summary>
    public string Name { get; }

    /// <summary>How far back the window reaches.</summary>
    public TimeSpan Duration { get; }

    /// <summary>Parses <c>1m</c>, <c>5m</c> or <c>1h</c> (case-insensitive).</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out SnapshotWindow? window)
    {
        window = All.FirstOrDefault(w => string.Equals(w.Name, text?.Trim(), StringComparison.OrdinalIgnoreCase));
        return window?.Name is not null;
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
