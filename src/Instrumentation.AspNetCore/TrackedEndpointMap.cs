using System.Collections.Frozen;
using Instrumentation.Probes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;

namespace Instrumentation.AspNetCore;

/// <summary>
/// Route pattern and HTTP method → the series a request to a <c>[TrackEndpoint]</c> endpoint counts
/// into. Endpoints the attribute names count into that metric; the others into
/// <see cref="UnnamedMetric"/>, tagged with route and method.
/// </summary>
internal sealed class TrackedEndpointMap
{
    /// <summary>The metric of tracked endpoints whose attribute names none.</summary>
    public const string UnnamedMetric = "http.server.requests";

    private const string AnyMethod = "*";
    private static readonly TagDefinition[] s_routeAndMethod = [TagDefinition.Text("http.route"), TagDefinition.Text("http.request.method")];

    private readonly FrozenDictionary<(string Route, string Method), EndpointSeries> _series;

    private TrackedEndpointMap(FrozenDictionary<(string Route, string Method), EndpointSeries> series)
    {
        _series = series;
    }

    public static TrackedEndpointMap Empty { get; } = new(FrozenDictionary<(string, string), EndpointSeries>.Empty);

    /// <summary>Builds the map from every endpoint; an endpoint whose metric name is invalid is reported and skipped.</summary>
    public static TrackedEndpointMap Build(IEnumerable<Endpoint> endpoints, ProbeRegistry registry, Action<string, Exception> reportInvalid)
    {
        var series = new Dictionary<(string, string), EndpointSeries>();
        foreach (RouteEndpoint endpoint in endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<TrackEndpointAttribute>() is not { } track)
            {
                continue;
            }

            string route = RouteOf(endpoint);
            IReadOnlyList<string> methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods is { Count: > 0 } declared ? declared : [AnyMethod];
            foreach (string method in methods)
            {
                try
                {
                    series[(route, method)] = track.MetricName is { } name
                        ? registry.GetOrAddEndpoint(name, null, track.CardinalityLimit).Default
                        : SeriesOf(registry.GetOrAddEndpoint(UnnamedMetric, s_routeAndMethod), route, method);
                }
                catch (ArgumentException exception)
                {
                    reportInvalid(endpoint.DisplayName ?? route, exception);
                }
            }
        }

        return new TrackedEndpointMap(series.ToFrozenDictionary());
    }

    /// <summary>The route as ASP.NET Core's own request metrics report it.</summary>
    public static string RouteOf(RouteEndpoint endpoint) =>
        endpoint.Metadata.GetMetadata<IRouteDiagnosticsMetadata>()?.Route ?? endpoint.RoutePattern.RawText ?? string.Empty;

    /// <summary>The series for a request, or null when its endpoint is not tracked. Allocates nothing.</summary>
    public EndpointSeries? Find(string route, string method) =>
        _series.GetValueOrDefault((route, method)) ?? _series.GetValueOrDefault((route, AnyMethod));

    private static EndpointSeries SeriesOf(EndpointProbe probe, string route, string method)
    {
        var key = new SeriesKey(0);
        key.Add(route);
        key.Add(method);
        return probe.GetSeries(in key);
    }
}
