namespace Instrumentation.Snapshots;

/// <summary>A snapshot was asked for a scope no configured source answers (fleet without Redis, history without SQLite).</summary>
public sealed class SnapshotScopeNotConfiguredException : InvalidOperationException
{
    /// <summary>Creates the exception for <paramref name="scope"/>.</summary>
    public SnapshotScopeNotConfiguredException(SnapshotScope scope)
        : base($"No snapshot source answers the scope '{scope.ToString().ToLowerInvariant()}'. " + Hint(scope))
    {
        Scope = scope;
    }

    /// <summary>Creates the exception with a message of its own.</summary>
    public SnapshotScopeNotConfiguredException()
        : base("No snapshot source answers this scope.")
    {
    }

    /// <summary>Creates the exception with a message of its own.</summary>
    public SnapshotScopeNotConfiguredException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and inner exception of its own.</summary>
    public SnapshotScopeNotConfiguredException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The scope asked for.</summary>
    public SnapshotScope Scope { get; }

    private static string Hint(SnapshotScope scope) => scope switch
    {
        SnapshotScope.Fleet => "Add a fleet sink, for example the Redis sink.",
        SnapshotScope.History => "Add a history sink, for example the SQLite sink.",
        _ => "Add a local snapshot source over the collector's windows.",
    };
}
