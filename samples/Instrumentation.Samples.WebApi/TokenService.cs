using Instrumentation;

namespace Instrumentation.Samples.WebApi;

/// <summary>Issues and revokes tokens; calls to these methods are intercepted and counted.</summary>
public sealed class TokenService
{
    private readonly HashSet<string> _active = [];

    [TrackTokenIssue("auth.tokens", LifetimeSeconds = 900)]
    public string Issue([Tag("audience")] string audience)
    {
        string token = $"{audience}-{Guid.NewGuid():N}";
        lock (_active)
        {
            _active.Add(token);
        }

        return token;
    }

    [TrackTokenRevoke("auth.tokens")]
    public bool Revoke([Tag("audience")] string audience, string token)
    {
        lock (_active)
        {
            return _active.Remove(token);
        }
    }
}
