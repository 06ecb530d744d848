using System.Diagnostics.Metrics;
using Instrumentation.Alerts;
using Instrumentation.Collection;
using Instrumentation.Fleet;
using Instrumentation.History;
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
        services.TryAddSingleton(static provider => new SnapshotService(provider.GetServices<ISnapshotSource>(), provider.GetRequiredService<TimeProvider>(), provider.GetService<IBudgetSource>(), provider.GetService<IAlertSource>()));
        services.AddMetrics();
        services.TryAddSingleton(static provider => new InstrumentationMeter(provider.GetRequiredService<IMeterFactory>(), provider.GetRequiredService<ProbeRegistry>()));
        AddAlerts(services);
        services.TryAddSingleton(HostShape.Of(services));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, InstrumentationHostedService>());
        return new InstrumentationBuilder(services);
    }

    /// <summary>The alert rules of <c>Instrumentation:Alerts</c>, validated at start-up and evaluated after each collection.</summary>
    private static void AddAlerts(IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(AlertEvaluator)))
        {
            return; // Bound once: binding appends list items again.
        }

        services.AddOptions<AlertOptions>()
            .Configure<IServiceProvider>(static (options, provider) =>
            {
                if (provider.GetService<IConfiguration>()?.GetSection(AlertOptions.SectionName) is not { } section)
                {
                    return;
                }

                if (section.GetChildren().FirstOrDefault(c => !int.TryParse(c.Key, out _)) is { } stray)
                {
                    options.NotAList = $"{AlertOptions.SectionName} is not a list (it has '{stray.Key}'); write the rules as a JSON array, or keys {AlertOptions.SectionName}:0:Name, :1:Name and so on.";
                }

                section.Bind(options.Rules);
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AlertOptions>, AlertOptionsValidator>());
        services.TryAddSingleton(static provider => new AlertEvaluator(
            provider.GetRequiredService<IOptions<AlertOptions>>().Value.Rules,
            provider.GetRequiredService<IOptions<InstrumentationOptions>>().Value.Interval,
            provider.GetServices<IAlertHandler>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<AlertEvaluator>>(),
            Deferred<ISnapshotSource>(provider),
            provider.GetService<IHistoryQueries>(),
            provider.GetService<IFleetAlertCoordinator>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IInstrumentationSink, AlertEvaluator>(static p => p.GetRequiredService<AlertEvaluator>()));
        services.TryAddSingleton<IAlertSource>(static p => p.GetRequiredService<AlertEvaluator>());
    }

    /// <summary>The services of <typeparamref name="T"/>, resolved when enumerated: the local snapshot source needs the collector, which needs the alert sink.</summary>
    private static IEnumerable<T> Deferred<T>(IServiceProvider provider)
    {
        foreach (T service in provider.GetServices<T>())
        {
            yield return service;
        }
    }
}
