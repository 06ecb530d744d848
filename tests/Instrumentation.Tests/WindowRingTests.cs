using Instrumentation.Collection;
using Instrumentation.Probes;
using Instrumentation.Snapshots;
using Instrumentation.Windows;

namespace Instrumentation.Tests;

/// <summary>A ring starts small and grows as activity needs; what a window answers never depends on when it grew.</summary>
public sealed class WindowRingTests
{
    private static readonly SeriesInfo Series = new("ring.events", ProbeKind.Event, []);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    public void Every_window_sums_exactly_the_adds_in_its_slots_however_irregular_the_activity(int seed)
    {
        const int slotCount = 73;
        var slotWidth = TimeSpan.FromSeconds(5);
        var ring = new WindowRing(slotWidth, slotCount);
        var window = TimeSpan.FromMinutes(5);
        var added = new List<(long Epoch, long Count)>();
        var random = new Random(seed);
        long at = 0;
        for (int i = 0; i < 2_000; i++)
        {
            // Mostly short gaps, sometimes long silences, so the ring grows from 2 slots at varied moments.
            at += random.Next(10) < 8 ? random.NextInt64(0, 3 * slotWidth.Ticks / 2) : random.NextInt64(slotWidth.Ticks * 100);
            long count = random.Next(1, 1_000);
            ring.Add(at, new SeriesDelta(Series, new SeriesFields(SeriesSchema.Event) { [FieldNames.Occurrences] = count }));
            added.Add((at / slotWidth.Ticks, count));

            var aggregate = new SeriesAggregate(Series, window);
            ring.SumInto(aggregate, at, window);
            long oldest = Math.Max(0, at - window.Ticks) / slotWidth.Ticks;
            long expected = added.Where(a => a.Epoch >= oldest).Sum(a => a.Count);
            Assert.Equal(expected, aggregate.Fields[FieldNames.Occurrences]);
        }
    }
}
