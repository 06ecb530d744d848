using Instrumentation.AspNetCore.Tests;
using Instrumentation.Metrics;
using Instrumentation.Probes;
using Instrumentation.Sinks.Otlp.Tests;
using Instrumentation.Sinks.Otlp.Tests.Otlp;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;

namespace Instrumentation.Sinks.Prometheus.Tests;

/// <summary>An app that references both exporters (as the web sample does) still exports every probe over OTLP.</summary>
public sealed class OtlpWithPrometheusTests
{
    [Fact]
    public async Task With_prometheus_referenced_too_otlp_exports_counters_and_histograms()
    {
        await using OtlpReceiver receiver = await OtlpReceiver.StartAsync();
        await using KestrelApp app = await KestrelApp.StartAsync(
            builder => builder.Services.AddInstrumentation()
                .AddOtlp(o =>
                {
                    o.Protocol = OtlpExportProtocol.HttpProtobuf;
                    o.Endpoint = receiver.HttpEndpoint;
                })
                .AddPrometheus(),
            web => web.MapPrometheusScrapingEndpoint());
        EndpointSeries orders = app.Registry.GetOrAddEndpoint("both.orders").Default;
        orders.Record(2_000_000, failed: false);
        orders.Record(300_000_000, failed: true);

        // ForceFlush answers false here whatever OTLP did: the Prometheus reader only collects when scraped.
        (string, string) probe = (InstrumentNames.ProbeAttribute, "both.orders");
        for (int attempt = 0; attempt < 50 && receiver.Metrics(InstrumentNames.EndpointDuration).LastHistogram(probe) is null; attempt++)
        {
            app.App.Services.GetRequiredService<MeterProvider>().ForceFlush(timeoutMilliseconds: 10_000);
            await Task.Delay(20);
        }

        string scraped = await app.Client.GetStringAsync("/metrics");

        Assert.Equal(2, receiver.Metrics(InstrumentNames.EndpointCalls).LastValue(probe));
        Assert.Equal(2UL, receiver.Metrics(InstrumentNames.EndpointDuration).LastHistogram(probe)!.Count);
        Assert.Contains("instrumentation_endpoint_duration_seconds_count{", scraped, StringComparison.Ordinal);
    }
}
