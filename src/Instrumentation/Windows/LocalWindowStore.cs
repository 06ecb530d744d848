using Instrumentation.Collection;
using Instrumentation.Probes;
using Instrumentation.Snapshots;

namespace Instrumentation.Windows;

/// <summary>
/// Sliding windows of this process in memory, fed by the collector with every batch: answers the
/// last 1 minute, 5 minutes or hour per series. A window starts at the beginning of the 5-second
/// slot (windows up to five minutes) or 1-minute slot (longer ones) that holds its start, so it
/// covers at least the window and at most one slot more; rates divide by the time really covered.
/// Data arrives once per collector interval and counts at the time it is added. Slots follow the
/// monotonic clock of the <see cref="TimeProvider"/> (<see cref="TimeProvider.GetTimestamp"/>), so a wall
/// clock stepped back or forth empties no window.
/// </summary>
public sealed class LocalWindowStore
{
    /// <summary>The longest window answered (token lifetimes longer than this are kept for the active count only).</summary>
    public static readonly TimeSpan LongestWindow = TimeSpan.FromHours(1);

    /// <summary>How long a computed read is handed to later readers when no batch arrived meanwhile.</summary>
    private static readonly TimeSpan ReadReuse = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly long _origin;
    private readonly Dictionary<SeriesInfo, SeriesWindow> _series = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<TimeSpan, WindowRead> _reads = [];
    private long? _dataSince;
    private long _adds;

    /// <summary>Creates an empty store reading the time from <paramref name="timeProvider"/>.</summary>
    public LocalWindowStore(TimeProvider? timeProvider = null)
    {
        _time = timeProvider ?? TimeProvider.System;
        _origin = _time.GetTimestamp();
    }

    /// <summary>Adds a batch; its deltas count now, and it covers the <see cref="MetricsBatch.From"/>–<see cref="MetricsBatch.To"/> span up to now.</summary>
    public void Add(MetricsBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        long now = Now();
        lock (_gate)
        {
            long from = now - (batch.To - batch.From).Ticks;
            if (_dataSince is null || from < _dataSince)
            {
                _dataSince = from;
            }

            foreach (SeriesDelta delta in batch.Deltas)
            {
                if (!_series.TryGetValue(delta.Series, out SeriesWindow? window))
                {
                    window = new SeriesWindow(delta.Series);
                    _series.Add(delta.Series, window);
                }

                window.Add(now, delta);
            }

            _adds++;
        }
    }

    /// <summary>
    /// One aggregate per series seen so far, over the last <paramref name="window"/> (at most <see cref="LongestWindow"/>).
    /// A read is computed once and shared: until the next batch is added, and for at most one second, every
    /// reader of the same window gets the same list (the same instance), so a storm of readers costs one read.
    /// Treat the aggregates as read-only.
    /// </summary>
    public IReadOnlyList<SeriesAggregate> Read(TimeSpan window)
    {
        if (window <= TimeSpan.Zero || window > LongestWindow)
        {
            throw new ArgumentOutOfRangeException(nameof(window), window, $"A local window is longer than zero and at most {LongestWindow}.");
        }

        lock (_gate)
        {
            // Read the clock inside the gate: an Add between reading it and entering would land in a later slot
            // than this read looks at, yet count as seen by it.
            long now = Now();
            if (_reads.TryGetValue(window, out WindowRead? read) && read.Adds == _adds && now - read.At < ReadReuse.Ticks)
            {
                return read.Aggregates;
            }

            TimeSpan available = _dataSince is { } since && now > since ? TimeSpan.FromTicks(now - since) : TimeSpan.Zero;
            var aggregates = new SeriesAggregate[_series.Count];
            int i = 0;
            foreach (SeriesWindow series in _series.Values)
            {
                aggregates[i++] = series.Read(now, window, available);
            }

            _reads[window] = new WindowRead(_adds, now, aggregates);
            return aggregates;
        }
    }

    /// <summary>Ticks of the monotonic clock since the store was created.</summary>
    private long Now() => _time.GetElapsedTime(_origin).Ticks;

    /// <summary>A computed read: after which add, when, and its result.</summary>
    private sealed record WindowRead(long Adds, long At, IReadOnlyList<SeriesAggregate> Aggregates);
}
