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
}
