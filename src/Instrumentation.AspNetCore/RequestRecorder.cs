using System.Diagnostics.Metrics;
using Instrumentation.Probes;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace Instrumentation.AspNetCore;

/// <summary>
/// Records requests to endpoints marked <c>[TrackEndpoint]</c> — minimal API handlers and controller
/// actions, which ASP.NET Core invokes through delegates, so no call site exists to intercept.
/// </summary>
/// <remarks>
/// ASP.NET Core already measures every request in <c>http.server.request.duration</c> (meter
/// <c>Microsoft.AspNetCore.Hosting</c>) with its route, method, status and error type. This listens to
/// that instrument of this app only (its meter comes from this app's <see cref="IMeterFactory"/>), so
/// recording adds a tag scan and one dictionary lookup per request and allocates nothing. A response
/// status of 500 or more, or an unhandled exception, is a failure. The duration is the whole request
/// as the host measures it. In flight is not counted for these requests: the endpoint is known only
/// once routing ran (ASP.NET Core's own active-request count has no route either).
/// </remarks>
internal sealed partial class RequestRecorder(
    IMeterFactory meterFactory,
    EndpointDataSource endpoints,
    ProbeRegistry registry,
    ILogger<RequestRecorder> logger) : IDisposable
{
    private const string HostingMeter = "Microsoft.AspNetCore.Hosting";
    private const string RequestDuration = "http.server.request.duration";

    private TrackedEndpointMap _map = TrackedEndpointMap.Empty;
    private MeterListener? _listener;
    private IDisposable? _endpointChanges;

    public void Start()
    {
        if (_listener is not null)
        {
            return;
        }

        Rebuild();
        _endpointChanges = ChangeToken.OnChange(endpoints.GetChangeToken, Rebuild);
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Name == RequestDuration && instrument.Meter.Name == HostingMeter && ReferenceEquals(instrument.Meter.Scope, meterFactory))
                {
                    listener.EnableMeasurementEvents(instrument, this);
                }
            },
        };
        _listener.SetMeasurementEventCallback<double>(static (_, seconds, tags, state) => ((RequestRecorder)state!).Record(seconds, tags));
        _listener.Start();
    }

    public void Dispose()
    {
        _listener?.Dispose();
        _endpointChanges?.Dispose();
    }

    private void Record(double seconds, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        string? route = null;
        string? method = null;
        bool failed = false;
        foreach (KeyValuePair<string, object?> tag in tags)
        {
            switch (tag.Key)
            {
                case "http.route":
                    route = tag.Value as string;
                    break;
                case "http.request.method":
                    method = tag.Value as string;
                    break;
                case "http.response.status_code":
                    failed |= tag.Value is int status && status >= 500;
                    break;
                case "error.type":
                    failed = true;
                    break;
            }
        }

        if (route is not null && method is not null && Volatile.Read(ref _map).Find(route, method) is { } series)
        {
            series.Record((long)(seconds * 1_000_000_000), failed);
        }
    }

    private void Rebuild()
    {
        TrackedEndpointMap map = TrackedEndpointMap.Build(endpoints.Endpoints, registry, (endpoint, exception) => LogInvalidEndpoint(logger, endpoint, exception.Message));
        Volatile.Write(ref _map, map);
    }

    [LoggerMessage(1, LogLevel.Error, "The [TrackEndpoint] on endpoint '{Endpoint}' is not recorded: {Reason}")]
    private static partial void LogInvalidEndpoint(ILogger logger, string endpoint, string reason);
}
