using Instrumentation.Probes;

namespace Instrumentation;

/// <summary>
/// Times a block: created by a probe method (<c>using var scope = Probes.Checkout();</c>), it records the
/// duration and one completed call when disposed. A struct: 0 bytes allocated, no lock.
/// </summary>
/// <remarks>
/// Dispose cannot see an exception, so call <see cref="Fail"/> in a <c>catch</c> (or wherever the block
/// fails) to count the call as failed. The failure is counted with this scope's call, when it is disposed, so no
/// collection sees the failure before its call; it works on any copy of the scope, and calling it twice counts
/// once. A scope marked failed but never disposed, or marked after it was disposed, counts nothing.
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

    /// <summary>Counts the block as failed; the failure is recorded with the call when the scope is disposed.</summary>
    public void Fail() => _series?.MarkScopeFailed(_startTimestamp);

    /// <summary>
    /// Records the duration since the scope began. Disposing a default scope does nothing. Dispose a scope
    /// once: a struct cannot remember it was disposed, so a second <c>Dispose</c> (or one on a copy) records again.
    /// </summary>
    public void Dispose() => _series?.EndScope(_startTimestamp);
}
