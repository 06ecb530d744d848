using Instrumentation.Collection;
using Instrumentation.Probes;
using Instrumentation.Snapshots;

namespace Instrumentation.Windows;

/// <summary>
/// The recent history of one series: a fine ring (5-second slots, six minutes) for the short windows,
/// a coarse ring (1-minute slots, an hour) for the long ones, and for tokens the ones still active.
/// Times are ticks of the owning store's monotonic clock.
/// </summary>
internal sealed class SeriesWindow
{
    public static readonly TimeSpan FineSlot = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan CoarseSlot = TimeSpan.FromMinutes(1);
    private const int FineSlots = 73;
    private const int CoarseSlotsForAnHour = 62;

    private readonly WindowRing _fine = new(FineSlot, FineSlots);
    private readonly WindowRing _coarse = new(CoarseSlot, CoarseSlotsForAnHour);
    private readonly ActiveTokens? _activeTokens;

    public SeriesWindow(SeriesInfo series)
    {
        Series = series;
        // A series described without a lifetime (by hand, or by an older store) gets the default a probe gets.
        TimeSpan lifetime = series.TokenLifetime > TimeSpan.Zero ? series.TokenLifetime : ProbeDefinition.DefaultTokenLifetime;
        _activeTokens = series.Kind == ProbeKind.Token ? new ActiveTokens(lifetime) : null;
    }

    public SeriesInfo Series { get; }

    public long? LatestValue { get; private set; }

    public void Add(long at, SeriesDelta delta)
    {
        _fine.Add(at, delta);
        _coarse.Add(at, delta);
        _activeTokens?.Add(at, delta.FieldValues.InOrder[TokenFields.Issued], delta.FieldValues.InOrder[TokenFields.Revoked]);
        if (delta.Value is not null)
        {
            LatestValue = delta.Value;
        }
    }

    /// <summary>The aggregate of the last <paramref name="window"/>, covering at most <paramref name="available"/> (the time since data began).</summary>
    public SeriesAggregate Read(long now, TimeSpan window, TimeSpan available)
    {
        WindowRing ring = _fine.Answers(window) ? _fine : _coarse;
        TimeSpan covered = ring.Covered(now, window);
        var aggregate = new SeriesAggregate(Series, covered < available ? covered : available)
        {
            Value = LatestValue,
            ActiveTokens = _activeTokens?.Count(now),
        };
        ring.SumInto(aggregate, now, window);
        return aggregate;
    }
}
