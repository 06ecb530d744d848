using System.Runtime.CompilerServices;

namespace Instrumentation.Probes;

/// <summary>A token series: tokens issued and revoked.</summary>
public sealed class TokenSeries : Series
{
    internal TokenSeries(SeriesInfo info)
        : base(info, SeriesLayout.Token)
    {
    }

    /// <summary>Counts one issued token. 0 bytes, no lock.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Issue()
    {
        AddWatchingCollisions(ref Fields(out int stripe), stripe, TokenFields.Issued, 1);
        MarkChanged();
    }

    /// <summary>Counts one revoked token. 0 bytes, no lock.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Revoke()
    {
        AddWatchingCollisions(ref Fields(out int stripe), stripe, TokenFields.Revoked, 1);
        MarkChanged();
    }
}
