namespace Instrumentation.Probes;

/// <summary>
/// The change marker that lets a collection read only the series that changed. Every collection pass
/// advances one process-wide epoch; a record stamps its series with the epoch it reads after its cells are
/// updated. A pass that began at epoch E reads, on its next pass, exactly the series stamped E or later.
/// </summary>
/// <remarks>
/// Why nothing is missed: a recorder's interlocked update comes before its read of the epoch, and a pass's
/// advance of the epoch comes before its reads of the cells (interlocked operations are full fences). So a
/// record the pass did not see happened after the advance, read an epoch of at least E, and is read by the
/// next pass. Stamps only grow and are never reset, so any number of collectors can read one registry.
/// </remarks>
internal static class ChangeEpoch
{
    private static long s_current = 1;

    /// <summary>The epoch a record stamps its series with.</summary>
    public static long Current => Volatile.Read(ref s_current);

    /// <summary>Starts a new epoch and returns it: a pass that advances to E reads, next time, what is stamped E or later.</summary>
    public static long Advance() => Interlocked.Increment(ref s_current);
}
