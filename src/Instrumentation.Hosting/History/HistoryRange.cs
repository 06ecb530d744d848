namespace Instrumentation.History;

/// <summary>
/// A span of history and the rollup table to read it from. Rows whose bucket starts in
/// [<see cref="From"/>, <see cref="To"/>) count; hour and day reads include the minutes not yet rolled up.
/// </summary>
/// <param name="From">Start, inclusive.</param>
/// <param name="To">End, exclusive.</param>
/// <param name="Granularity">Which table: minute rows are kept 48 h by default, hours 90 d, days 3 y.</param>
public sealed record HistoryRange(DateTimeOffset From, DateTimeOffset To, Granularity Granularity = Granularity.Minute)
{
    /// <summary>The last <paramref name="span"/> before <paramref name="now"/>.</summary>
    public static HistoryRange Last(TimeSpan span, DateTimeOffset now, Granularity granularity = Granularity.Minute) => new(now - span, now, granularity);

    /// <summary>Throws when the range is empty or reversed.</summary>
    /// <exception cref="ArgumentException"><see cref="To"/> is not after <see cref="From"/>.</exception>
    public void Validate()
    {
        if (To <= From)
        {
            throw new ArgumentException($"The range ends ({To:O}) before it starts ({From:O}).", nameof(To));
        }
    }
}
