using System.Diagnostics.Metrics;
using Instrumentation.Collection;
using Instrumentation.Metrics;
using Instrumentation.Probes;
using Instrumentation.Snapshots;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Instrumentation.Hosting;

/// <summary>
/// Adds Instrumentation to the services of any host. Most apps call <c>builder.AddInstrumentation()</c> on their
/// host builder instead; this form is for code that has only an <see cref="IServiceCollection"/>. Web apps use
/// the Instrumentation.AspNetCore package's <c>services.AddInstrumentation()</c>, which calls this and adds
/// request recording (with both namespaces imported the two are ambiguous: import only the one you mean).
/// </summary>
public static class InstrumentationHostingServiceCollectionExtensions
{
    /// <summary>
    /// Adds the collector (a hosted service that flushes on graceful shutdown), the local snapshot source,
    /// <see cref="SnapshotService"/> and <see cref="InstrumentationMeter"/>, which publishes every probe on the
    /// meter <c>Instrumentation</c>. Options bind from the <c>Instrumentation</c> configuration section and are
    /// validated when the host starts: a bad value stops start-up with a message naming the setting.
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configure">Changes the options after configuration binding.</param>
    /// <returns>A builder that sink packages extend (<c>.AddSqlite(...)</c>, <c>.AddRedis(...)</c>, <c>.AddOtlp(...)</c>).</returns>
    public static InstrumentationBuilder AddInstrumentation(this IServiceCollection services, Action<InstrumentationOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        // Bound from the host's configuration when there is one; a bare service collection keeps the defaults.
        OptionsBuilder<InstrumentationOptions> options = services.AddOptions<InstrumentationOptions>().Configure<IServiceProvider>(
            static (options, provider) => provider.GetService<IConfiguration>()?.GetSection(InstrumentationOptions.SectionName).Bind(options));
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
        services.TryAddSingleton(static provider => new SnapshotService(provider.GetServices<ISnapshotSource>(), provider.GetRequiredService<TimeProvider>(), provider.GetService<IBudgetSource>()));
        services.AddMetrics();
        services.TryAddSingleton(static provider => new InstrumentationMeter(provider.GetRequiredService<IMeterFactory>(), provider.GetRequiredService<ProbeRegistry>()));
        services.TryAddSingleton(HostShape.Of(services));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, InstrumentationHostedService>());
        return new InstrumentationBuilder(services);
    }
}
