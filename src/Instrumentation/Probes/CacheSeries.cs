using System.Runtime.CompilerServices;

namespace Instrumentation.Probes;

/// <summary>A cache series: hits, misses and evictions.</summary>
public sealed class CacheSeries : Series
{
    internal CacheSeries(SeriesInfo info)
        : base(info, SeriesLayout.Cache)
    {
    }

    /// <summary>Counts one lookup, a hit or a miss. 0 bytes, no lock.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Lookup(bool hit)
    {
        AddWatchingCollisions(ref Fields(out int stripe), stripe, hit ? CacheFields.Hits : CacheFields.Misses, 1);
        MarkChanged();
    }

    /// <summary>Counts one eviction. 0 bytes, no lock.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Evict()
    {
        AddWatchingCollisions(ref Fields(out int stripe), stripe, CacheFields.Evictions, 1);
        MarkChanged();
    }
}
