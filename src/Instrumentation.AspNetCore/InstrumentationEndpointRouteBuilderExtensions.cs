using Instrumentation;
using Instrumentation.AspNetCore;
using Instrumentation.Fleet;
using Instrumentation.History;
using Instrumentation.Snapshots;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the snapshot endpoints.</summary>
public static partial class InstrumentationEndpointRouteBuilderExtensions
{
    /// <summary>Where <see cref="MapInstrumentation"/> maps the routes when no prefix is given.</summary>
    public const string DefaultPrefix = "/instrumentation";

    /// <summary>
    /// Maps <c>GET {prefix}/snapshot?window=1m|5m|1h&amp;scope=local|fleet|history</c>,
    /// <c>GET {prefix}/endpoints/top?by=requests|errors|p99&amp;limit=10</c> and, unless <paramref name="dashboard"/> is
    /// <see langword="false"/>, the dashboard page <c>GET {prefix}/dashboard</c>. Returns the route group so the
    /// app decides who may read it, for example <c>.RequireAuthorization("ops")</c>. A bad query value,
    /// or a scope no configured sink answers, is a 400 ProblemDetails naming the parameter.
    /// </summary>
    /// <remarks>
    /// Map it as often as you need under different routes, say a public <c>/instrumentation</c> and a secured
    /// <c>/ops/instrumentation</c>, also inside outer groups: an endpoint's name carries its full route
    /// (<c>InstrumentationSnapshot /ops/instrumentation/snapshot</c>), except for the group mapped with the default
    /// prefix on the app itself, whose names are plain (<c>InstrumentationSnapshot</c>), so names never clash. Mapping the same full route twice is ambiguous
    /// routing, as for any route.
    /// </remarks>
    /// <param name="endpoints">The app.</param>
    /// <param name="prefix">Where to map them. Default <c>/instrumentation</c>.</param>
    /// <param name="dashboard">Whether to serve the dashboard page (self-contained, under a strict Content-Security-Policy). Default <see langword="true"/>.</param>
    public static RouteGroupBuilder MapInstrumentation(this IEndpointRouteBuilder endpoints, string prefix = DefaultPrefix, bool dashboard = true)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (endpoints.ServiceProvider.GetService<SnapshotService>() is null)
        {
            throw new InvalidOperationException("MapInstrumentation needs services.AddInstrumentation() first.");
        }

        RouteGroupBuilder group = endpoints.MapGroup(prefix);
        group.MapGet("/snapshot", static context => AnswerAsync(context, static (response, snapshot, _, ct) =>
            SnapshotJson.WriteAsync(response, snapshot, ct)))
            .WithName("InstrumentationSnapshot");
        group.MapGet("/endpoints/top", static context => AnswerAsync(context, static (response, snapshot, query, ct) =>
            response.WriteAsJsonAsync(TopEndpoints.From(snapshot, query.By, query.Limit), AspNetCoreJsonContext.Default.TopEndpoints, contentType: null, ct)))
            .WithName("InstrumentationTopEndpoints");
        if (dashboard)
        {
            DashboardRoutes.Map(group);
        }

        // Routes of what the sinks can answer: a stored history, a fleet of instances.
        if (endpoints.ServiceProvider.GetService<IHistoryQueries>() is not null)
        {
            HistoryExportRoutes.Map(group);
        }

        if (endpoints.ServiceProvider.GetService<IFleetInstances>() is not null)
        {
            FleetInstancesRoutes.Map(group);
        }

        // Only the group mapped at the default place, on the app itself (not inside an outer group), keeps plain names.
        if (prefix != DefaultPrefix || endpoints is RouteGroupBuilder)
        {
            ((IEndpointConventionBuilder)group).Finally(NameAfterRoute);
        }

        return group;
    }

    /// <summary>
    /// Gives an endpoint of a group (its own and the ones sinks add) a name that carries its full route, after every
    /// other convention ran and inside any outer group.
    /// </summary>
    private static void NameAfterRoute(EndpointBuilder endpoint)
    {
        string? route = (endpoint as RouteEndpointBuilder)?.RoutePattern.RawText;
        if (route is null)
        {
            return;
        }

        for (int i = 0; i < endpoint.Metadata.Count; i++)
        {
            endpoint.Metadata[i] = endpoint.Metadata[i] switch
            {
                EndpointNameMetadata name => new EndpointNameMetadata($"{name.EndpointName} {route}"),
                RouteNameMetadata routeName => new RouteNameMetadata($"{routeName.RouteName} {route}"),
                object other => other,
            };
        }
    }

    private static async Task AnswerAsync(HttpContext context, Func<HttpResponse, InstrumentationSnapshot, SnapshotQuery, CancellationToken, Task> write)
    {
        IServiceProvider services = context.RequestServices;
        SnapshotService snapshots = services.GetRequiredService<SnapshotService>();
        SnapshotWindow defaultWindow = SnapshotWindow.TryParse(services.GetRequiredService<IOptions<InstrumentationOptions>>().Value.DefaultWindow, out SnapshotWindow? window)
            ? window.Value
            : SnapshotWindow.OneMinute;
        if (!SnapshotQuery.TryParse(context.Request.Query, defaultWindow, out SnapshotQuery? query, out QueryProblem? problem))
        {
            await InstrumentationProblem.WriteAsync(context, StatusCodes.Status400BadRequest, "Invalid query parameter", problem.Detail, problem.Parameter).ConfigureAwait(false);
            return;
        }

        if (!snapshots.Supports(query.Scope))
        {
            string detail = $"The query parameter 'scope' is '{query.Scope.ToString().ToLowerInvariant()}': {new SnapshotScopeNotConfiguredException(query.Scope).Message}";
            await InstrumentationProblem.WriteAsync(context, StatusCodes.Status400BadRequest, "Scope not configured", detail, "scope").ConfigureAwait(false);
            return;
        }

        InstrumentationSnapshot snapshot;
        try
        {
            snapshot = await snapshots.GetSnapshotAsync(query.Window, query.Scope, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogSourceFailed(services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(InstrumentationEndpointRouteBuilderExtensions)), query.Scope.ToString(), exception);
            await InstrumentationProblem.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "Snapshot source unavailable", $"The {query.Scope.ToString().ToLowerInvariant()} snapshot source failed; try again or use scope=local.", "scope").ConfigureAwait(false);
            return;
        }

        await write(context.Response, snapshot, query, context.RequestAborted).ConfigureAwait(false);
    }

    [LoggerMessage(1, LogLevel.Warning, "The {Scope} snapshot source failed; the request got a 503.")]
    internal static partial void LogSourceFailed(ILogger logger, string scope, Exception exception);
}
