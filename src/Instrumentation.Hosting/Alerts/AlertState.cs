using System.Text.Json.Serialization;

namespace Instrumentation.Alerts;

/// <summary>
/// One rule's state machine: inactive → pending (the condition holds, for less than the rule's <c>for</c>) → firing →
/// resolved (inactive again, having fired). A pending rule whose condition stops holding goes back without notifying.
/// </summary>
internal sealed class AlertState
{
    public double? Value { get; set; }

    public double? Baseline { get; set; }

    public double? Score { get; set; }

    /// <summary>When the condition started holding; null while it does not.</summary>
    public DateTimeOffset? ActiveSince { get; set; }

    public DateTimeOffset? FiringSince { get; set; }

    /// <summary>When the last firing started; kept after it resolves, for the resolved notification.</summary>
    public DateTimeOffset? LastFiringSince { get; set; }

    public DateTimeOffset? ResolvedAt { get; set; }

    public DateTimeOffset? EvaluatedAt { get; set; }

    /// <summary><c>inactive</c>, <c>pending</c>, <c>firing</c> or <c>resolved</c>.</summary>
    [JsonIgnore]
    public string Name => FiringSince is not null ? "firing" : ActiveSince is not null ? "pending" : ResolvedAt is not null ? "resolved" : "inactive";

    /// <summary>
    /// Moves on with whether the condition <paramref name="holds"/> at <paramref name="now"/>; returns <c>firing</c> or
    /// <c>resolved</c> when that is a transition to notify, else null.
    /// </summary>
    public string? Advance(bool holds, DateTimeOffset now, TimeSpan @for)
    {
        EvaluatedAt = now;
        if (!holds)
        {
            bool wasFiring = FiringSince is not null;
            (ActiveSince, FiringSince) = (null, null);
            if (wasFiring)
            {
                ResolvedAt = now;
                return "resolved";
            }

            return null;
        }

        ActiveSince ??= now;
        if (FiringSince is null && now - ActiveSince >= @for)
        {
            FiringSince = LastFiringSince = now;
            return "firing";
        }

        return null;
    }
}
