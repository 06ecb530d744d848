using Instrumentation.Collection;
using Instrumentation.Probes;
using Instrumentation.Snapshots;

namespace Instrumentation.Windows;

/// <summary>
/// Sliding windows of this process in memory, fed by the collector with every batch: answers the
/// last 1 minute, 5 minutes or hour per series. A window starts at the beginning of the 5-second
/// slot (windows up to five minutes) or 1-minute slot (longer ones) that holds its start, so it
/// covers at least the window and at most one slot more; rates divide by the time really covered.
/// Data arrives once per collector interval.
/// </summary>
public sealed class LocalWindowStore
{
    /// <summary>The longest window answered (token lifetimes longer than this are kept for the active count only).</summary>
    public static readonly TimeSpan LongestWindow = TimeSpan.FromHours(1);

    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly Dictionary<SeriesInfo, SeriesWindow> _series = new(ReferenceEqualityComparer.Instance);
    private DateTimeOffset? _dataSince;

    /// <summary>Creates an empty store reading the time from <paramref name="timeProvider"/>.</summary>
    public LocalWindowStore(TimeProvider? timeProvider = null)
    {
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Adds a batch; its deltas count at the batch's <see cref="MetricsBatch.To"/>.</summary>
    public void Add(MetricsBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        lock (_gate)
        {
            if (_dataSince is null || batch.From < _dataSince)
            {
                _dataSince = batch.From;
            }

            foreach (SeriesDelta delta in batch.Deltas)
            {
                if (!_series.TryGetValue(delta.Series, out SeriesWindow? window))
                {
                    window = new SeriesWindow(delta.Series);
                    _series.Add(delta.Series, window);
                }

                window.Add(batch.To, delta);
            }
        }
    }

    /// <summary>One aggregate per series seen so far, over the last <paramref name="window"/> (at most <see cref="LongestWindow"/>).</summary>
    public IReadOnlyList<SeriesAggregate> Read(TimeSpan window)
    {
        if (window <= TimeSpan.Zero || window > LongestWindow)
        {
            throw new ArgumentOutOfRangeException(nameof(window), window, $"A local window is longer than zero and at most {LongestWindow}.");
        }

        DateTimeOffset now = _time.GetUtcNow();
        lock (_gate)
        {
            TimeSpan available = _dataSince is { } since && now > since ? now - since : TimeSpan.Zero;
            return [.. _series.Values.Select(s => s.Read(now, window, available))];
        }
    }
}
