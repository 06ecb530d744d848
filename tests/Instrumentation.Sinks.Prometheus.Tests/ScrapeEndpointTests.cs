using Instrumentation.AspNetCore.Tests;
using Instrumentation.Probes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Instrumentation.Sinks.Prometheus.Tests;

/// <summary>AddPrometheus in a real app on Kestrel, scraped over loopback like Prometheus would.</summary>
public sealed class ScrapeEndpointTests
{
    [Fact]
    public async Task Metrics_serves_every_probe_in_the_prometheus_text_format()
    {
        await using KestrelApp app = await KestrelApp.StartAsync(
            builder => builder.Services.AddInstrumentation().AddPrometheus(),
            web =>
            {
                web.MapGet("/work", [TrackEndpoint("scrape.work")] () => "ok");
                web.MapPrometheusScrapingEndpoint();
            });
        var key = new SeriesKey(0);
        key.Add("web");
        EndpointSeries orders = app.Registry.GetOrAddEndpoint("api.orders", [TagDefinition.Text("client")]).GetSeries(in key);
        orders.Record(2_000_000, failed: false);
        orders.Record(300_000_000, failed: true);
        app.Registry.GetOrAddCache("catalog.cache").Default.Lookup(hit: true);
        (await app.Client.GetAsync("/work")).EnsureSuccessStatusCode();

        string text = await app.Client.GetStringAsync("/metrics");
        string[] lines = text.Split('\n');

        Assert.Contains("# TYPE instrumentation_endpoint_calls_total counter", lines);
        Assert.Contains(lines, l => l.StartsWith("instrumentation_endpoint_calls_total{", StringComparison.Ordinal) && l.Contains("client=\"web\"", StringComparison.Ordinal) && l.Contains("instrumentation_probe=\"api.orders\"", StringComparison.Ordinal) && l.Split(' ')[1] == "2");
        Assert.Contains(lines, l => l.StartsWith("instrumentation_endpoint_failures_total{", StringComparison.Ordinal) && l.Contains("api.orders", StringComparison.Ordinal) && l.Split(' ')[1] == "1");
        Assert.Contains(lines, l => l.StartsWith("instrumentation_cache_hits_total{", StringComparison.Ordinal) && l.Split(' ')[1] == "1");
        Assert.Contains(lines, l => l.StartsWith("instrumentation_endpoint_duration_seconds_bucket{", StringComparison.Ordinal) && l.Contains("api.orders", StringComparison.Ordinal) && l.Contains("le=\"0.005\"", StringComparison.Ordinal) && l.Split(' ')[1] == "1");
        Assert.Contains(lines, l => l.StartsWith("instrumentation_endpoint_duration_seconds_count{", StringComparison.Ordinal) && l.Contains("api.orders", StringComparison.Ordinal) && l.Split(' ')[1] == "2");
        Assert.Contains(lines, l => l.StartsWith("http_server_request_duration_seconds_count{", StringComparison.Ordinal) && l.Contains("http_route=\"/work\"", StringComparison.Ordinal));
    }
}
