using Microsoft.Extensions.Configuration;
using Instrumentation;
using Instrumentation.Sinks.Otlp;
using Microsoft.Extensions.Options;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds OTLP export of every probe, for apps without an OpenTelemetry set-up of their own.</summary>
public static class OtlpInstrumentationBuilderExtensions
{
    /// <summary>The name of the exporter's and reader's OpenTelemetry options this sink configures.</summary>
    public const string OptionsName = "Instrumentation";

    /// <summary>
    /// Exports the meter <c>Instrumentation</c> — and ASP.NET Core's <c>Microsoft.AspNetCore.Hosting</c>,
    /// whose <c>http.server.request.duration</c> is the HTTP server metric of the OpenTelemetry semantic
    /// conventions — over OTLP through OpenTelemetry's MeterProvider. Options bind from
    /// <c>Instrumentation:Otlp</c>, then <paramref name="configure"/> runs; they are validated at start-up.
    /// A collector that is down or unreachable never throws into the app: OpenTelemetry logs the failed
    /// export to its event source and the next interval tries again.
    /// </summary>
    public static InstrumentationBuilder AddOtlp(this InstrumentationBuilder builder, Action<OtlpSinkOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // Bound from the host's configuration when there is one; a bare service collection keeps the defaults.
        OptionsBuilder<OtlpSinkOptions> options = builder.Services.AddOptions<OtlpSinkOptions>().Configure<IServiceProvider>(
            static (options, provider) => provider.GetService<IConfiguration>()?.GetSection("Instrumentation:Otlp").Bind(options));
        if (configure is not null)
        {
            options.Configure(configure);
        }

        // Validate() throws an ArgumentException whose message names the setting; start-up fails with it.
        options.Validate(static o => { o.Validate(); return true; }).ValidateOnStart();
        builder.Services.AddOptions<OtlpExporterOptions>(OptionsName).Configure<IOptions<OtlpSinkOptions>>(static (exporter, ours) => ours.Value.ApplyTo(exporter));
        builder.Services.AddOptions<MetricReaderOptions>(OptionsName).Configure<IOptions<OtlpSinkOptions>>(static (reader, ours) => ours.Value.ApplyTo(reader));
        builder.Services.AddOpenTelemetry().WithMetrics(static metrics => metrics
            .AddInstrumentationAndHttpServerMeters()
            .AddOtlpExporter(OptionsName, configure: null));
        return builder;
    }
}
