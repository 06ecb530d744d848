using Instrumentation;
using Instrumentation.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the usage options (model prices) the chat client middleware reads.</summary>
public static class UsageInstrumentationBuilderExtensions
{
    /// <summary>
    /// Binds <see cref="UsageOptions"/> from <c>Instrumentation:Usage</c> (then <paramref name="configure"/>), validated when
    /// the app starts: a negative price stops start-up naming the setting. Also registers the GenAI meter instruments
    /// (<see cref="GenAiInstruments"/>) the chat client middleware records into, and the budgets
    /// (<see cref="UsageBudgets"/>, from <c>Instrumentation:Usage:Budgets</c>), evaluated after each collection, and gives the
    /// registry the prices when the host starts (<see cref="Instrumentation.Probes.ProbeRegistry.UsagePrices"/>), for
    /// <c>[TrackUsage]</c> probe methods.
    /// </summary>
    public static InstrumentationBuilder AddUsage(this InstrumentationBuilder builder, Action<UsageOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        OptionsBuilder<UsageOptions> options = builder.Services.AddOptions<UsageOptions>();

        // Bound once however often this is called: binding appends list items (budgets) again.
        if (!builder.Services.Any(d => d.ServiceType == typeof(UsageBudgets)))
        {
            options.Configure<IServiceProvider>(static (options, provider) => provider.GetService<IConfiguration>()?.GetSection("Instrumentation:Usage").Bind(options));
        }

        if (configure is not null)
        {
            options.Configure(configure);
        }

        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<UsageOptions>, UsageOptionsValidator>());
        builder.Services.TryAddSingleton(static provider => new GenAiInstruments(provider.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()));
        builder.Services.TryAddSingleton(static provider => new UsageBudgets(
            provider.GetRequiredService<IOptions<UsageOptions>>().Value,
            provider.GetServices<IUsageBudgetHandler>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<Microsoft.Extensions.Logging.ILogger<UsageBudgets>>(),
            Deferred<Instrumentation.Snapshots.ISnapshotSource>(provider)));
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<Instrumentation.Collection.IInstrumentationSink, UsageBudgets>(static p => p.GetRequiredService<UsageBudgets>()));
        builder.Services.TryAddSingleton<Instrumentation.Snapshots.IBudgetSource>(static p => p.GetRequiredService<UsageBudgets>());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Hosting.IHostedService, UsagePricesStartup>());
        options.ValidateOnStart();
        return builder;
    }

    /// <summary>The services of <typeparamref name="T"/>, resolved when enumerated: the local snapshot source needs the collector, which needs the budgets.</summary>
    private static IEnumerable<T> Deferred<T>(IServiceProvider provider)
    {
        foreach (T service in provider.GetServices<T>())
        {
            yield return service;
        }
    }
}
