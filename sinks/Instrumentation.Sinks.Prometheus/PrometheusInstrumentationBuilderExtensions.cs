using Instrumentation;
using OpenTelemetry.Metrics;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds a Prometheus scrape endpoint for every probe.</summary>
public static class PrometheusInstrumentationBuilderExtensions
{
    /// <summary>
    /// Serves the meter <c>Instrumentation</c> and ASP.NET Core's <c>Microsoft.AspNetCore.Hosting</c> in
    /// the Prometheus text format through OpenTelemetry's Prometheus exporter. Map the endpoint with
    /// OpenTelemetry's <c>app.MapPrometheusScrapingEndpoint()</c> (<c>/metrics</c>), which returns the
    /// endpoint so the app can require authorization. Works beside <c>AddOtlp()</c>: both feed one MeterProvider.
    /// </summary>
    public static InstrumentationBuilder AddPrometheus(this InstrumentationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOpenTelemetry().WithMetrics(static metrics => metrics
            .AddInstrumentationAndHttpServerMeters()
            .AddPrometheusExporter());
        return builder;
    }
}
