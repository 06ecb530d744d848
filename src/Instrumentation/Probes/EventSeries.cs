using System.Runtime.CompilerServices;
using Instrumentation.Metrics;

namespace Instrumentation.Probes;

/// <summary>An event series: occurrences, their durations when the probe is timed, and the sum of their amounts when it has a <c>[Value]</c>.</summary>
public sealed class EventSeries : TimedSeries
{
    internal EventSeries(SeriesInfo info, bool sumsValues, DurationInstruments durations)
        : base(info, LayoutOf(info.HasDuration, sumsValues), durations)
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

    /// <summary>
    /// Counts one occurrence and adds <paramref name="value"/> to the series' <c>valueSum</c>. 0 bytes, no lock.
    /// A probe registered without values counts the occurrence only.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void IncrementWithValue(long value)
    {
        ref long fields = ref Fields(out int stripe);
        AddWatchingCollisions(ref fields, stripe, EventFields.Occurrences, 1);
        AddToValueSum(ref fields, value);
        MarkChanged();
    }

    /// <summary>
    /// Adds <paramref name="value"/> to the series' <c>valueSum</c> without counting an occurrence: a timed probe
    /// adds its amount when the scope starts, and the scope counts the occurrence when it ends. 0 bytes, no lock.
    /// A probe registered without values ignores it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AddValue(long value)
    {
        AddToValueSum(ref Fields(out _), value);
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

    private static SeriesLayout LayoutOf(bool timed, bool sumsValues) => (timed, sumsValues) switch
    {
        (false, false) => SeriesLayout.Event,
        (true, false) => SeriesLayout.TimedEvent,
        (false, true) => SeriesLayout.EventWithValueSum,
        (true, true) => SeriesLayout.TimedEventWithValueSum,
    };

    /// <summary>The value sum is updated with a plain interlocked add: the occurrence is the field that watches for collisions.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void AddToValueSum(ref long fields, long value)
    {
        if (Layout.StoredCounterCount > EventFields.ValueSum)
        {
            Interlocked.Add(ref Unsafe.Add(ref fields, EventFields.ValueSum), value);
        }
    }

    /// <inheritdoc />
    public override void End(long startTimestamp, bool failed) => Record(Timing.NanosecondsSince(startTimestamp));
}
