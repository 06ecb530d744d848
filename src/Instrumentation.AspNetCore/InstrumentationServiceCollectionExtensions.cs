using Instrumentation.AspNetCore;
using System.Diagnostics.Metrics;
using Instrumentation.Collection;
using Instrumentation.Metrics;
using Instrumentation.Probes;
using Instrumentation.Snapshots;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds Instrumentation to an app's services.</summary>
public static class InstrumentationServiceCollectionExtensions
{
    /// <summary>
    /// Adds the collector (a hosted service that flushes on graceful shutdown), the local snapshot
    /// source, <see cref="SnapshotService"/>, request recording for <c>[TrackEndpoint]</c>
    /// endpoints and <see cref="InstrumentationMeter"/>, which publishes every probe on the meter
    /// <c>Instrumentation</c> (read by OpenTelemetry and <c>dotnet-counters</c>). Options bind from
    /// the <c>Instrumentation</c> configuration section and are validated at start-up.
    /// </summary>
    /// <param name="services">The app's services.</param>
    /// <param name="configure">Changes the options after configuration binding.</param>
    /// <returns>A builder that sink packages extend.</returns>
    public static InstrumentationBuilder AddInstrumentation(this IServiceCollection services, Action<InstrumentationOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        OptionsBuilder<InstrumentationOptions> options = services.AddOptions<InstrumentationOptions>().BindConfiguration(InstrumentationOptions.SectionName);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<InstrumentationOptions>, InstrumentationOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(ProbeRegistry.Shared);
        services.TryAddSingleton(static provider => new InstrumentationCollector(
            provider.GetRequiredService<ProbeRegistry>(),
            provider.GetServices<IInstrumentationSink>(),
            provider.GetRequiredService<IOptions<InstrumentationOptions>>().Value.ToCollectorOptions(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILoggerFactory>().CreateLogger<InstrumentationCollector>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISnapshotSource, LocalSnapshotSource>(
            static provider => new LocalSnapshotSource(provider.GetRequiredService<InstrumentationCollector>().Windows)));
        services.TryAddSingleton(static provider => new SnapshotService(provider.GetServices<ISnapshotSource>(), provider.GetRequiredService<TimeProvider>()));
        services.AddMetrics();
        services.TryAddSingleton(static provider => new InstrumentationMeter(provider.GetRequiredService<IMeterFactory>(), provider.GetRequiredService<ProbeRegistry>()));
        services.TryAddSingleton<RequestRecorder>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, InstrumentationHostedService>());
        return new InstrumentationBuilder(services);
    }
}
