namespace Instrumentation.Windows;

/// <summary>
/// The tokens of one series still active: issued within one token lifetime and not revoked, kept per
/// minute of issue. A revocation takes from the oldest minute that still has active tokens (first in,
/// first out), never from tokens issued after it, and a revocation with nothing left to take (a token
/// issued before the process started) is dropped. So a revocation is subtracted once: not again when
/// the minute it came from ages out, which is what "issued minus revoked within a lifetime" did.
/// </summary>
/// <remarks>
/// Issues are kept per minute, or per sixtieth of the lifetime when that is longer, so a series costs at most
/// about 62 slots whatever its lifetime (a month, or <see cref="TimeSpan.MaxValue"/>); a token then ages out
/// within one slot of its lifetime.
/// </remarks>
internal sealed class ActiveTokens
{
    private const int SlotsPerLifetime = 60;

    private readonly long _slotTicks;
    private readonly long _lifetimeTicks;
    private readonly long[] _epochs;
    private readonly long[] _remaining;

    public ActiveTokens(TimeSpan lifetime)
    {
        _lifetimeTicks = lifetime.Ticks;
        _slotTicks = Math.Max(SeriesWindow.CoarseSlot.Ticks, lifetime.Ticks / SlotsPerLifetime);
        int slots = (int)Math.Min((lifetime.Ticks / _slotTicks) + 2, SlotsPerLifetime + 2);
        _epochs = new long[slots];
        _remaining = new long[slots];
        Array.Fill(_epochs, -1);
    }

    /// <summary>Counts <paramref name="issued"/> tokens issued at <paramref name="at"/>, then <paramref name="revoked"/> revocations.</summary>
    public void Add(long at, long issued, long revoked)
    {
        long epoch = at / _slotTicks;
        int slot = (int)(epoch % _epochs.Length);
        if (_epochs[slot] != epoch)
        {
            _epochs[slot] = epoch;
            _remaining[slot] = 0;
        }

        _remaining[slot] += issued;
        for (long e = OldestLiveEpoch(at); e <= epoch && revoked > 0; e++)
        {
            int s = (int)(e % _epochs.Length);
            if (_epochs[s] == e && _remaining[s] > 0)
            {
                long taken = Math.Min(_remaining[s], revoked);
                _remaining[s] -= taken;
                revoked -= taken;
            }
        }
    }

    /// <summary>The tokens active at <paramref name="now"/>.</summary>
    public long Count(long now)
    {
        long oldest = OldestLiveEpoch(now);
        long newest = now / _slotTicks;
        long active = 0;
        for (int s = 0; s < _epochs.Length; s++)
        {
            if (_epochs[s] >= oldest && _epochs[s] <= newest)
            {
                active += _remaining[s];
            }
        }

        return active;
    }

    private long OldestLiveEpoch(long now) => Math.Max(0, now - _lifetimeTicks) / _slotTicks;
}
