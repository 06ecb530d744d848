using Instrumentation.Collection;
using Instrumentation.Probes;
using Instrumentation.Snapshots;

namespace Instrumentation.Windows;

/// <summary>
/// The recent history of one series: a fine ring (5-second slots, six minutes) for the short windows
/// and a coarse ring (1-minute slots, an hour or one token lifetime) for the long ones.
/// </summary>
internal sealed class SeriesWindow
{
    public static readonly TimeSpan FineSlot = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan CoarseSlot = TimeSpan.FromMinutes(1);
    private const int FineSlots = 73;
    private const int CoarseSlotsForAnHour = 62;

    private readonly WindowRing _fine = new(FineSlot, FineSlots);
    private readonly WindowRing _coarse;

    public SeriesWindow(SeriesInfo series)
    {
        Series = series;
        int coarseSlots = Math.Max(CoarseSlotsForAnHour, (int)Math.Ceiling(series.TokenLifetime / CoarseSlot) + 2);
        _coarse = new WindowRing(CoarseSlot, coarseSlots);
    }

    public SeriesInfo Series { get; }

    public long? LatestValue { get; private set; }

    public void Add(DateTimeOffset at, SeriesDelta delta)
    {
        _fine.Add(at, delta);
        _coarse.Add(at, delta);
        if (delta.Value is not null)
        {
            LatestValue = delta.Value;
        }
    }

    /// <summary>The aggregate of the last <paramref name="window"/>, covering at most <paramref name="available"/> (the time since data began).</summary>
    public SeriesAggregate Read(DateTimeOffset now, TimeSpan window, TimeSpan available)
    {
        WindowRing ring = _fine.Answers(window) ? _fine : _coarse;
        TimeSpan covered = ring.Covered(now, window);
        var aggregate = new SeriesAggregate(Series, covered < available ? covered : available) { Value = LatestValue };
        ring.SumInto(aggregate, now, window);
        if (Series.Kind == ProbeKind.Token)
        {
            var lifetime = new SeriesAggregate(Series, Series.TokenLifetime);
            _coarse.SumInto(lifetime, now, Series.TokenLifetime);
            aggregate.ActiveTokens = Math.Max(0, lifetime.Counters[TokenCounters.Issued] - lifetime.Counters[TokenCounters.Revoked]);
        }

        return aggregate;
    }
}
