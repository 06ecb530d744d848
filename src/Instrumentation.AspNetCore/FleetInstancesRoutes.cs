using System.Text.Json.Serialization;
using Instrumentation.Fleet;
using Instrumentation.Snapshots;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Instrumentation.AspNetCore;

/// <summary>
/// <c>GET {prefix}/fleet/instances?window=1m|5m|1h</c>: every live instance with when it last wrote and
/// its own snapshot of the window. Mapped by <c>MapInstrumentation()</c> when a sink that shares windows between
/// instances registers <see cref="IFleetInstances"/> (the Redis sink does).
/// </summary>
internal static class FleetInstancesRoutes
{
    public static void Map(IEndpointRouteBuilder group) => group.MapGet("/fleet/instances", static context => AnswerAsync(context)).WithName("InstrumentationFleetInstances");

    private static async Task AnswerAsync(HttpContext context)
    {
        string text = context.Request.Query["window"].ToString();
        SnapshotWindow window = SnapshotWindow.OneMinute;
        if (text.Length > 0)
        {
            if (!SnapshotWindow.TryParse(text, out SnapshotWindow? parsed))
            {
                await InstrumentationProblem.BadQueryAsync(context, "window", text, "1m, 5m or 1h").ConfigureAwait(false);
                return;
            }

            window = parsed.Value;
        }

        IFleetInstances fleet = context.RequestServices.GetRequiredService<IFleetInstances>();
        TimeProvider time = context.RequestServices.GetRequiredService<TimeProvider>();
        var answer = new List<FleetInstance>();
        try
        {
            foreach ((string instance, DateTimeOffset lastSeen) in await fleet.InstancesAsync(context.RequestAborted).ConfigureAwait(false))
            {
                InstrumentationSnapshot snapshot = await new SnapshotService([fleet.ForInstance(instance)], time)
                    .GetSnapshotAsync(window, SnapshotScope.Fleet, context.RequestAborted).ConfigureAwait(false);
                answer.Add(new FleetInstance(instance, lastSeen, snapshot));
            }
        }
        catch (Exception exception) when (!context.RequestAborted.IsCancellationRequested)
        {
            InstrumentationEndpointRouteBuilderExtensions.LogSourceFailed(
                context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(FleetInstancesRoutes)), "fleet", exception);
            await InstrumentationProblem.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "Snapshot source unavailable", "The fleet's store did not answer; try again, or use scope=local.", parameter: null).ConfigureAwait(false);
            return;
        }

        await context.Response.WriteAsJsonAsync(answer, FleetJsonContext.Default.ListFleetInstance, contentType: null, context.RequestAborted).ConfigureAwait(false);
    }
}

/// <summary>One live instance of the fleet: its name, when it last wrote, and its own snapshot.</summary>
/// <param name="Instance">The instance id.</param>
/// <param name="LastSeen">Its last heartbeat (UTC).</param>
/// <param name="Snapshot">Its own figures over the window.</param>
public sealed record FleetInstance(string Instance, DateTimeOffset LastSeen, InstrumentationSnapshot Snapshot);

/// <summary>Source-generated JSON for the fleet breakdown.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(List<FleetInstance>))]
internal sealed partial class FleetJsonContext : JsonSerializerContext;
