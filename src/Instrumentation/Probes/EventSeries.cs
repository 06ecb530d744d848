using System.Runtime.CompilerServices;
using Instrumentation.Metrics;

namespace Instrumentation.Probes;

/// <summary>An event series: occurrences, and their durations when the probe is timed.</summary>
public sealed class EventSeries : TimedSeries
{
    internal EventSeries(SeriesInfo info, DurationInstruments durations)
        : base(info, info.HasDuration ? SeriesLayout.TimedEvent : SeriesLayout.Event, durations)
    {
    }

    /// <summary>Counts one occurrence. 0 bytes, no lock.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Increment()
    {
        AddWatchingCollisions(ref Fields(out int stripe), stripe, EventFields.Occurrences, 1);
        MarkChanged();
    }

    /// <summary>Counts <paramref name="occurrences"/> at once. 0 bytes, no lock.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(long occurrences)
    {
        AddWatchingCollisions(ref Fields(out int stripe), stripe, EventFields.Occurrences, occurrences);
        MarkChanged();
    }

    /// <summary>Counts one occurrence that took <paramref name="elapsedNanoseconds"/> (timed probes; others just count it).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Record(long elapsedNanoseconds)
    {
        if (Layout.HasDuration)
        {
            AddTimedDuration(ref Fields(out int stripe), stripe, elapsedNanoseconds, failed: false);
            MarkChanged();
        }
        else
        {
            Increment();
        }
    }

    /// <inheritdoc />
    public override long Begin() => Timing.Now();

    /// <inheritdoc />
    public override void End(long startTimestamp, bool failed) => Record(Timing.NanosecondsSince(startTimestamp));
}
