using Instrumentation.Collection;
using Instrumentation.Probes;
using Instrumentation.Snapshots;

namespace Instrumentation.Windows;

/// <summary>
/// A ring of fixed-width time slots for one series; each slot sums the deltas collected during it.
/// A window is answered from the slots it overlaps, so its edge is accurate to one slot width. Times are
/// ticks of the owning store's monotonic clock, so a wall clock stepped back or forth moves no slot.
/// </summary>
/// <remarks>
/// The ring starts with room for two slots and doubles, up to its full count, only when a new slot would
/// overwrite one still inside the span it keeps: a series seen once or now and then stays small.
/// </remarks>
internal sealed class WindowRing
{
    private const int InitialSlots = 2;

    private readonly long _slotTicks;
    private readonly int _slotCount;
    private Slot?[] _slots = new Slot?[InitialSlots];

    public WindowRing(TimeSpan slotWidth, int slotCount)
    {
        _slotTicks = slotWidth.Ticks;
        _slotCount = slotCount;
    }

    /// <summary>Whether the ring keeps every slot the last <paramref name="window"/> touches.</summary>
    public bool Answers(TimeSpan window) => (window.Ticks / _slotTicks) + 2 <= _slotCount;

    /// <summary>Adds <paramref name="delta"/> to the slot holding <paramref name="at"/> (ticks of the store's monotonic clock).</summary>
    public void Add(long at, SeriesDelta delta)
    {
        long epoch = at / _slotTicks;
        while (_slots.Length < _slotCount && _slots[epoch % _slots.Length] is { } held && held.Epoch != epoch && held.Epoch > epoch - _slotCount)
        {
            Grow();
        }

        ref Slot? slot = ref _slots[epoch % _slots.Length];
        slot ??= new Slot(delta.FieldValues.Count);
        if (slot.Epoch != epoch)
        {
            slot.Reset(epoch);
        }

        Span<long> added = delta.FieldValues.InOrder;
        for (int i = 0; i < added.Length; i++)
        {
            slot.Fields[i] += added[i];
        }

        slot.DurationSum += delta.DurationSumNanoseconds;
        BucketCount[] buckets = slot.Buckets;
        SparseBuckets.AddInto(ref buckets, delta.Buckets);
        slot.Buckets = buckets;
    }

    /// <summary>
    /// Adds into <paramref name="aggregate"/> every slot from the one holding <paramref name="now"/> −
    /// <paramref name="window"/> to the one holding <paramref name="now"/>, and sets the time they cover.
    /// </summary>
    public void SumInto(SeriesAggregate aggregate, long now, TimeSpan window)
    {
        long nowEpoch = now / _slotTicks;
        long oldest = OldestEpoch(now, window);
        foreach (Slot? slot in _slots)
        {
            if (slot is null || slot.Epoch < oldest || slot.Epoch > nowEpoch)
            {
                continue;
            }

            Span<long> sums = aggregate.Fields.InOrder;
            for (int i = 0; i < slot.Fields.Length; i++)
            {
                sums[i] += slot.Fields[i];
            }

            aggregate.DurationSumNanoseconds += slot.DurationSum;
            aggregate.Histogram?.Add(slot.Buckets);
        }
    }

    /// <summary>
    /// The time the slots of the last <paramref name="window"/> cover: from the start of the slot
    /// holding <paramref name="now"/> − <paramref name="window"/>, so at least the window and less than one slot more.
    /// </summary>
    public TimeSpan Covered(long now, TimeSpan window) => TimeSpan.FromTicks(now - (OldestEpoch(now, window) * _slotTicks));

    /// <summary>
    /// Doubles the ring, up to its full count. No slot it keeps is lost: epochs apart by less than the full count
    /// that differ modulo a power of two also differ modulo its double and modulo the full count, so only a slot
    /// older than the kept span can share a place with a newer one, and gives way to it.
    /// </summary>
    private void Grow()
    {
        var grown = new Slot?[Math.Min(_slots.Length * 2, _slotCount)];
        foreach (Slot? slot in _slots)
        {
            if (slot is not null && (grown[slot.Epoch % grown.Length] is not { } placed || placed.Epoch < slot.Epoch))
            {
                grown[slot.Epoch % grown.Length] = slot;
            }
        }

        _slots = grown;
    }

    private long OldestEpoch(long now, TimeSpan window) => Math.Max(0, now - window.Ticks) / _slotTicks;

    private sealed class Slot(int fieldCount)
    {
        public long Epoch { get; private set; } = -1;

        public long[] Fields { get; } = new long[fieldCount];

        public long DurationSum { get; set; }

        public BucketCount[] Buckets { get; set; } = [];

        public void Reset(long epoch)
        {
            Epoch = epoch;
            Array.Clear(Fields);
            DurationSum = 0;
            Buckets = [];
        }
    }
}
