namespace Instrumentation.Probes;

/// <summary>
/// A list that one writer at a time appends to while any number of readers read it without a lock. An
/// append is amortised O(1): the array doubles when full, instead of being copied for every item.
/// </summary>
/// <remarks>
/// Concurrency: writers are serialised by their owner's lock. The writer stores the item, then publishes the
/// new count; a grown array is published before any count that needs it. A reader reads the count, then
/// the array, so the array it sees holds at least that many items, and those never change. A stale read
/// only misses items appended after it.
/// </remarks>
/// <typeparam name="T">The item type.</typeparam>
internal sealed class AppendOnlyList<T>
    where T : class
{
    private T[] _items = new T[4];
    private int _count;

    /// <summary>Appends <paramref name="item"/>. The caller holds the owner's lock.</summary>
    public void Add(T item)
    {
        T[] items = _items;
        if (_count == items.Length)
        {
            var grown = new T[items.Length * 2];
            Array.Copy(items, grown, items.Length);
            Volatile.Write(ref _items, grown);
            items = grown;
        }

        items[_count] = item;
        Volatile.Write(ref _count, _count + 1);
    }

    /// <summary>The items appended so far, as a span that later appends do not change. Allocates nothing.</summary>
    public ReadOnlySpan<T> Span
    {
        get
        {
            int count = Volatile.Read(ref _count);
            return new ReadOnlySpan<T>(Volatile.Read(ref _items), 0, count);
        }
    }

    /// <summary>The items appended so far, as a view that later appends do not change. Allocates the view only.</summary>
    public IReadOnlyList<T> Snapshot()
    {
        int count = Volatile.Read(ref _count);
        return new ArraySegment<T>(Volatile.Read(ref _items), 0, count);
    }
}
