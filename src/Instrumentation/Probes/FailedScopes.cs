namespace Instrumentation.Probes;

/// <summary>
/// The scopes of one series marked failed and not yet ended, by their start timestamp, so a failure is counted
/// with the call of its own scope when that scope ends: not before it, and never with another call. Created
/// the first time a scope of the series fails; lock-free.
/// </summary>
/// <remarks>
/// Marking the same scope twice marks it once. A scope marked but never ended, or marked after it ended, keeps
/// its entry without ever counting; when all <see cref="Capacity"/> entries are taken, a new mark replaces the
/// oldest, whose failure is then not counted. Two overlapping scopes of one series that started on the same
/// clock tick cannot be told apart: either may count the failure, and the totals stay exact.
/// </remarks>
internal sealed class FailedScopes
{
    /// <summary>Failed scopes of one series that can wait at once.</summary>
    public const int Capacity = 8;

    private const long Empty = 0;
    private readonly long[] _starts = new long[Capacity];
    private int _waiting;

    /// <summary>Marks the scope that began at <paramref name="start"/> as failed.</summary>
    public void Mark(long start)
    {
        for (int i = 0; i < Capacity; i++)
        {
            if (Volatile.Read(ref _starts[i]) == start)
            {
                return;
            }
        }

        for (int i = 0; i < Capacity; i++)
        {
            if (Interlocked.CompareExchange(ref _starts[i], start, Empty) == Empty)
            {
                Interlocked.Increment(ref _waiting);
                return;
            }
        }

        int oldest = 0;
        for (int i = 1; i < Capacity; i++)
        {
            if (Volatile.Read(ref _starts[i]) < Volatile.Read(ref _starts[oldest]))
            {
                oldest = i;
            }
        }

        Volatile.Write(ref _starts[oldest], start);
    }

    /// <summary>Whether the scope that began at <paramref name="start"/> was marked failed; takes the mark.</summary>
    public bool Take(long start)
    {
        if (Volatile.Read(ref _waiting) == 0 || start == Empty)
        {
            return false;
        }

        for (int i = 0; i < Capacity; i++)
        {
            if (Volatile.Read(ref _starts[i]) == start && Interlocked.CompareExchange(ref _starts[i], Empty, start) == start)
            {
                Interlocked.Decrement(ref _waiting);
                return true;
            }
        }

        return false;
    }
}
