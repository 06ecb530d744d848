using System.Collections.Concurrent;
using System.Net;
using Google.Protobuf;
using Grpc.Core;
using Instrumentation.Sinks.Otlp.Tests.Otlp;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

using Instrumentation.Sinks.Redis.Tests;

namespace Instrumentation.Sinks.Otlp.Tests;

/// <summary>
/// A real OTLP metrics receiver on 127.0.0.1: gRPC (<c>MetricsService/Export</c> over HTTP/2) on one
/// port and HTTP/protobuf (<c>POST /v1/metrics</c>) on another. Keeps every request it was sent.
/// </summary>
internal sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<(ExportMetricsServiceRequest Request, string? ApiKey)> _received = new();
    private WebApplication? _app;

    private OtlpReceiver(int grpcPort, int httpPort)
    {
        GrpcEndpoint = new Uri($"http://127.0.0.1:{grpcPort}");
        HttpEndpoint = new Uri($"http://127.0.0.1:{httpPort}");
    }

    /// <summary>Where OTLP/gRPC clients send.</summary>
    public Uri GrpcEndpoint { get; }

    /// <summary>The base address of OTLP/HTTP clients (they post to <c>/v1/metrics</c> under it).</summary>
    public Uri HttpEndpoint { get; }

    /// <summary>The <c>x-api-key</c> header of the last request, if any.</summary>
    public string? LastApiKey => _received.LastOrDefault().ApiKey;

    /// <summary>Two free ports, nothing listening on them yet.</summary>
    public static OtlpReceiver Reserve() => new(LoopbackPort.Free(), LoopbackPort.Free());

    /// <summary>A receiver already listening.</summary>
    public static async Task<OtlpReceiver> StartAsync()
    {
        OtlpReceiver receiver = Reserve();
        await receiver.ListenAsync();
        return receiver;
    }

    public async Task ListenAsync()
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, GrpcEndpoint.Port, listen => listen.Protocols = HttpProtocols.Http2);
            kestrel.Listen(IPAddress.Loopback, HttpEndpoint.Port, listen => listen.Protocols = HttpProtocols.Http1);
        });
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(this);
        _app = builder.Build();
        _app.MapGrpcService<MetricsExportService>();
        _app.MapPost("/v1/metrics", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            Add(ExportMetricsServiceRequest.Parser.ParseFrom(body.ToArray()), request.Headers["x-api-key"].FirstOrDefault());
            return Results.Bytes(new ExportMetricsServiceResponse().ToByteArray(), "application/x-protobuf");
        });
        await _app.StartAsync();
    }

    /// <summary>Every data point of <paramref name="metric"/> in every request, oldest first.</summary>
    public List<Metric> Metrics(string metric) =>
        [.. _received.SelectMany(r => r.Request.ResourceMetrics).SelectMany(r => r.ScopeMetrics).SelectMany(s => s.Metrics).Where(m => m.Name == metric)];

    /// <summary>The scope (meter) names metrics arrived under.</summary>
    public HashSet<string> ScopeNames() =>
        [.. _received.SelectMany(r => r.Request.ResourceMetrics).SelectMany(r => r.ScopeMetrics).Select(s => s.Scope.Name)];

    public void Add(ExportMetricsServiceRequest request, string? apiKey) => _received.Enqueue((request, apiKey));

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    /// <summary>The gRPC side: <c>opentelemetry.proto.collector.metrics.v1.MetricsService/Export</c>.</summary>
    private sealed class MetricsExportService(OtlpReceiver receiver) : MetricsService.MetricsServiceBase
    {
        public override Task<ExportMetricsServiceResponse> Export(ExportMetricsServiceRequest request, ServerCallContext context)
        {
            receiver.Add(request, context.RequestHeaders.GetValue("x-api-key"));
            return Task.FromResult(new ExportMetricsServiceResponse());
        }
    }
}
