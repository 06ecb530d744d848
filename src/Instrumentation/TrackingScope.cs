using Instrumentation.Probes;

namespace Instrumentation;

/// <summary>
/// Times a block: created by a probe method (<c>using var _ = Probes.Checkout();</c>), it records the
/// duration and one completed call when disposed. A struct: 0 bytes allocated, no lock.
/// </summary>
/// <remarks>
/// Dispose cannot see an exception, so call <see cref="Fail"/> in a <c>catch</c> (or wherever the block
/// fails) to count the call as failed; it is still counted once, when disposed.
/// </remarks>
public readonly struct TrackingScope : IDisposable
{
    private readonly TimedSeries? _series;
    private readonly long _startTimestamp;

    internal TrackingScope(TimedSeries series, long startTimestamp)
    {
        _series = series;
        _startTimestamp = startTimestamp;
    }

    /// <summary>Counts the block as failed; it is recorded when disposed.</summary>
    public void Fail() => _series?.MarkFailed();

    /// <summary>
    /// Records the duration since the scope began. Disposing a default scope does nothing. Dispose a scope
    /// once: a struct cannot remember it was disposed, so a second <c>Dispose</c> (or one on a copy) records again.
    /// </summary>
    public void Dispose() => _series?.End(_startTimestamp, failed: false);
}
