using System.Text.Json.Serialization;
using Instrumentation.Snapshots;

namespace Instrumentation.AspNetCore;

/// <summary>The answer of <c>GET /instrumentation/endpoints/top</c>.</summary>
/// <param name="At">When the snapshot was taken (UTC).</param>
/// <param name="Window">The window: <c>1m</c>, <c>5m</c> or <c>1h</c>.</param>
/// <param name="Scope">Where the numbers come from.</param>
/// <param name="By">What the list is ordered by.</param>
/// <param name="Endpoints">At most <c>limit</c> endpoint series, in that order.</param>
public sealed record TopEndpoints(DateTimeOffset At, string Window, SnapshotScope Scope, TopEndpointsOrder By, IReadOnlyList<EndpointSnapshot> Endpoints)
{
    internal static TopEndpoints From(InstrumentationSnapshot snapshot, TopEndpointsOrder by, int limit)
    {
        IOrderedEnumerable<EndpointSnapshot> ordered = by switch
        {
            TopEndpointsOrder.Errors => snapshot.Endpoints.OrderByDescending(e => e.Errors).ThenByDescending(e => e.Requests),
            TopEndpointsOrder.P99 => snapshot.Endpoints.OrderByDescending(e => e.P99Ms ?? -1).ThenByDescending(e => e.Requests),
            _ => snapshot.Endpoints.OrderByDescending(e => e.Requests),
        };
        return new TopEndpoints(snapshot.At, snapshot.Window, snapshot.Scope, by, [.. ordered.ThenBy(e => e.Name, StringComparer.Ordinal).Take(limit)]);
    }
}

/// <summary>Source-generated JSON for the ASP.NET Core answers (camelCase, no reflection).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(TopEndpoints))]
internal sealed partial class AspNetCoreJsonContext : JsonSerializerContext;
