using Instrumentation.Snapshots;

namespace Instrumentation.Fleet;

/// <summary>
/// The live instances of a fleet, answered by a sink that shares windows between instances (the Redis sink).
/// Registered in the container, it is what the web package's <c>GET {prefix}/fleet/instances</c> route asks.
/// </summary>
public interface IFleetInstances
{
    /// <summary>Every live instance and its last heartbeat (UTC).</summary>
    Task<IReadOnlyList<(string Instance, DateTimeOffset LastSeen)>> InstancesAsync(CancellationToken cancellationToken = default);

    /// <summary>A source answering <see cref="SnapshotScope.Fleet"/> with <paramref name="instance"/>'s figures only.</summary>
    ISnapshotSource ForInstance(string instance);
}
