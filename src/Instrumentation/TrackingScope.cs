using Instrumentation.Probes;

namespace Instrumentation;

/// <summary>
/// Times a block: created by a probe method (<c>using var scope = Probes.Checkout();</c>), it records the
/// duration and one completed call when disposed. A struct: 0 bytes allocated, no lock.
/// </summary>
/// <remarks>
/// Dispose cannot see an exception, so call <see cref="Fail"/> in a <c>catch</c> (or wherever the block
/// fails) to count the call as failed. The failure is counted with the call, when the scope is disposed,
/// so no collection ever sees a failure before its call. <see cref="Fail"/> marks this variable: call it on
/// the variable that is disposed (the <c>using</c> variable itself), not on a copy.
/// </remarks>
public struct TrackingScope : IDisposable
{
    private readonly TimedSeries? _series;
    private readonly long _startTimestamp;
    private bool _failed;

    internal TrackingScope(TimedSeries series, long startTimestamp)
    {
        _series = series;
        _startTimestamp = startTimestamp;
    }

    /// <summary>Marks the block as failed; it is counted as a failed call when disposed.</summary>
    public void Fail() => _failed = true;

    /// <summary>
    /// Records the duration since the scope began. Disposing a default scope does nothing. Dispose a scope
    /// once: a struct cannot remember it was disposed, so a second <c>Dispose</c> (or one on a copy) records again.
    /// </summary>
    public readonly void Dispose() => _series?.End(_startTimestamp, _failed);
}
