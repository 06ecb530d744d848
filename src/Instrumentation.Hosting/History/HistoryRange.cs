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
    /// <summary>The earliest time history is kept for: the Unix epoch.</summary>
    public static readonly DateTimeOffset Earliest = DateTimeOffset.UnixEpoch;

    /// <summary>The latest time a range may reach, so that rounding it up to a day stays a valid date.</summary>
    public static readonly DateTimeOffset Latest = new(9999, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Whether <paramref name="time"/> lies within [<see cref="Earliest"/>, <see cref="Latest"/>].</summary>
    public static bool Covers(DateTimeOffset time) => time >= Earliest && time <= Latest;

    /// <summary>The last <paramref name="span"/> before <paramref name="now"/>.</summary>
    public static HistoryRange Last(TimeSpan span, DateTimeOffset now, Granularity granularity = Granularity.Minute) => new(now - span, now, granularity);

    /// <summary>Throws when the range is empty, reversed or reaches outside [<see cref="Earliest"/>, <see cref="Latest"/>].</summary>
    /// <exception cref="ArgumentException"><see cref="To"/> is not after <see cref="From"/>, or a bound is out of range.</exception>
    public void Validate()
    {
        if (!Covers(From) || !Covers(To))
        {
            throw new ArgumentException($"A history range lies between {Earliest:O} and {Latest:O}; this one is {From:O} to {To:O}.", Covers(From) ? nameof(To) : nameof(From));
        }

        if (To <= From)
        {
            throw new ArgumentException($"The range ends ({To:O}) before it starts ({From:O}).", nameof(To));
        }
    }
}
