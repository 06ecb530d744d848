using Microsoft.AspNetCore.Routing;

namespace Instrumentation.AspNetCore;

/// <summary>
/// Routes a sink package adds under <c>MapInstrumentation()</c>'s group (the SQLite sink adds
/// <c>/export</c>). Register it in the container; <c>MapInstrumentation()</c> calls every one.
/// </summary>
public interface IInstrumentationRoutes
{
    /// <summary>Maps the routes on <paramref name="group"/>, which already carries the app's authorization.</summary>
    void Map(IEndpointRouteBuilder group);
}
