using Instrumentation.Metrics;

namespace OpenTelemetry.Metrics;

/// <summary>Lets an app with its own OpenTelemetry set-up collect Instrumentation's probes.</summary>
public static class InstrumentationMeterProviderBuilderExtensions
{
    /// <summary>
    /// Listens to the meter <c>Instrumentation</c> (see <see cref="InstrumentNames"/>), which
    /// <c>AddInstrumentation()</c> creates. Use instead of <c>AddOtlp()</c> when the app configures its
    /// own MeterProvider and exporters.
    /// </summary>
    public static MeterProviderBuilder AddInstrumentationMeters(this MeterProviderBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddMeter(InstrumentNames.Meter);
    }

    /// <summary>
    /// Ours and ASP.NET Core's <c>Microsoft.AspNetCore.Hosting</c>, whose <c>http.server.request.duration</c>
    /// is the HTTP server metric of the semantic conventions: what the sinks that set up OpenTelemetry
    /// themselves (OTLP, Prometheus) export.
    /// </summary>
    internal static MeterProviderBuilder AddInstrumentationAndHttpServerMeters(this MeterProviderBuilder builder) =>
        builder.AddInstrumentationMeters().AddMeter("Microsoft.AspNetCore.Hosting");
}
