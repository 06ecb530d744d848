using System.ComponentModel;

namespace Instrumentation.Interception;

/// <summary>What one completed, untimed call of a tracked method counts as. Used by generated code.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public enum CountedAs
{
    /// <summary>One occurrence of an event.</summary>
    Occurrence,

    /// <summary>One token issued.</summary>
    Issue,

    /// <summary>One token revoked.</summary>
    Revoke,

    /// <summary>One cache eviction.</summary>
    Eviction,
}
