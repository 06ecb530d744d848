using System.Runtime.CompilerServices;

namespace Instrumentation.Probes;

/// <summary>
/// A gauge series: a level that goes up and down (connections present, buffer use), or, when an
/// observer is set on the probe, the value the observer returns at collection time.
/// </summary>
public sealed class GaugeSeries : Series
{
    private const int Level = 0;
    private Func<long>? _observer;

    internal GaugeSeries(SeriesInfo info)
        : base(info, SeriesLayout.Gauge)
    {
    }

    /// <summary>Adds <paramref name="delta"/> (negative to lower) to the level. 0 bytes, no lock.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(long delta)
    {
        AddWatchingCollisions(ref Fields(out int stripe), stripe, Level, delta);
        MarkChanged();
    }

    /// <summary>Raises the level by one. 0 bytes, no lock.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Increment()
    {
        AddWatchingCollisions(ref Fields(out int stripe), stripe, Level, 1);
        MarkChanged();
    }

    /// <summary>Lowers the level by one. 0 bytes, no lock.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Decrement()
    {
        AddWatchingCollisions(ref Fields(out int stripe), stripe, Level, -1);
        MarkChanged();
    }

    /// <summary>Reports the value <paramref name="observer"/> returns at each collection instead of the level.</summary>
    internal void SetObserver(Func<long> observer)
    {
        Volatile.Write(ref _observer, observer);
        MarkObserved();
    }

    internal override bool TryObserve(out long value)
    {
        Func<long>? observer = _observer;
        if (observer is null)
        {
            value = 0;
            return false;
        }

        value = observer();
        return true;
    }
}
