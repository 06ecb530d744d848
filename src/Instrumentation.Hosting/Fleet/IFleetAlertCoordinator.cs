namespace Instrumentation.Fleet;

/// <summary>
/// Lets one instance at a time evaluate the fleet's alert rules and notify, and shares their states with the others:
/// answered by a sink that shares a store between instances (the Redis sink). The lease is renewed at every evaluation;
/// when its holder stops or stalls past it, another instance takes over from the states it wrote.
/// </summary>
public interface IFleetAlertCoordinator
{
    /// <summary>This instance's name in the fleet.</summary>
    string Instance { get; }

    /// <summary>Takes the alerting lease for <paramref name="lease"/>, or renews it when this instance holds it; whether it does now.</summary>
    Task<bool> TryLeadAsync(TimeSpan lease, CancellationToken cancellationToken = default);

    /// <summary>Gives the lease up if this instance holds it, so another takes over without waiting for it to expire.</summary>
    Task ReleaseAsync(CancellationToken cancellationToken = default);

    /// <summary>The fleet rules' states as the lease holder last wrote them, by rule name (opaque text).</summary>
    Task<IReadOnlyDictionary<string, string>> ReadStatesAsync(CancellationToken cancellationToken = default);

    /// <summary>Replaces the fleet rules' states (called by the lease holder after each evaluation).</summary>
    Task WriteStatesAsync(IReadOnlyDictionary<string, string> states, CancellationToken cancellationToken = default);
}
