using System.Diagnostics.Metrics;
using Instrumentation.Collection;
using Instrumentation.Probes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Instrumentation.AspNetCore.Tests;

/// <summary>Recording a request costs our side no allocation.</summary>
public sealed class RecordingAllocationTests
{
    [Fact]
    public async Task Recording_a_request_measurement_allocates_nothing_and_counts_it()
    {
        await using KestrelApp app = await KestrelApp.StartAsync(
            builder => builder.Services.AddInstrumentation(),
            web => web.MapGet("/work", [TrackEndpoint("work")] () => "ok"));
        using Meter hosting = app.App.Services.GetRequiredService<IMeterFactory>().Create("Microsoft.AspNetCore.Hosting");
        Histogram<double> duration = hosting.CreateHistogram<double>("http.server.request.duration", "s");
        KeyValuePair<string, object?>[] tags =
        [
            new("http.request.method", "GET"),
            new("url.scheme", "http"),
            new("http.route", "/work"),
            new("http.response.status_code", 200),
        ];
        for (int i = 0; i < 1_000; i++)
        {
            duration.Record(0.002, tags);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            duration.Record(0.002, tags);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        var collector = app.App.Services.GetRequiredService<InstrumentationCollector>();
        MetricsBatch batch = collector.Collect();

        Assert.Equal(0, allocated);
        Assert.True(app.Registry.Find("work") is EndpointProbe, "the tracked endpoint has a probe");
        Assert.Equal(11_000, batch.Deltas.Where(d => d.Series.Metric == "work").Sum(d => d.Fields[FieldNames.Calls]));
    }
}
