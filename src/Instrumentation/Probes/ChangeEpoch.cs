namespace Instrumentation.Probes;

/// <summary>
/// The change marker that lets a collection read only the series that changed. Every collection pass
/// advances one process-wide epoch; a record stamps its series with the epoch it reads after its cells are
/// updated. A pass that began at epoch E reads, on its next pass, exactly the series stamped E or later.
/// </summary>
/// <remarks>
/// Why nothing is missed: a recorder updates its cells, then reads the epoch (E), then raises the stamp to E,
/// then reads the epoch again and, if a pass advanced it meanwhile, raises the stamp to the new value (see
/// <see cref="Series.StampChanged"/>). Interlocked operations are full fences, so a recorder that read E did its
/// cell update before any pass advanced past E, and every pass that reads the series after its own advance sees
/// that update. A pass that advanced to E + 1 either saw the stamp E and read the series, or looked before the
/// stamp landed; then the recorder's second read finds E + 1, and the stamp E + 1 is read by the next pass.
/// Stamps only grow and are never reset, so any number of collectors can read one registry.
/// </remarks>
internal static class ChangeEpoch
{
    private static long s_current = 1;

    /// <summary>The epoch a record stamps its series with.</summary>
    public static long Current => Volatile.Read(ref s_current);

    /// <summary>Starts a new epoch and returns it: a pass that advances to E reads, next time, what is stamped E or later.</summary>
    public static long Advance() => Interlocked.Increment(ref s_current);
}
