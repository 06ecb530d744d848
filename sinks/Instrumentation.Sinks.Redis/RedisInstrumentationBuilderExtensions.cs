using Instrumentation;
using Instrumentation.Collection;
using Instrumentation.Fleet;
using Instrumentation.Sinks.Redis;
using Instrumentation.Snapshots;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the Redis fleet sink.</summary>
public static class RedisInstrumentationBuilderExtensions
{
    /// <summary>
    /// Writes this instance's deltas to Redis, answers <c>scope=fleet</c> with every instance's, and adds
    /// <c>GET /instrumentation/fleet/instances</c> (each live instance's own snapshot) under <c>MapInstrumentation()</c>,
    /// and lets fleet alert rules (<c>Scope: fleet</c>) be evaluated by one instance at a time.
    /// Options bind from <c>Instrumentation:Redis</c>, then <paramref name="configure"/> runs.
    /// </summary>
    public static InstrumentationBuilder AddRedis(this InstrumentationBuilder builder, Action<RedisSinkOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // Bound from the host's configuration when there is one; a bare service collection keeps the defaults.
        OptionsBuilder<RedisSinkOptions> options = builder.Services.AddOptions<RedisSinkOptions>().Configure<IServiceProvider>(
            static (options, provider) => provider.GetService<IConfiguration>()?.GetSection("Instrumentation:Redis").Bind(options));
        if (configure is not null)
        {
            options.Configure(configure);
        }

        builder.Services.TryAddSingleton(static provider => new RedisMetricsSink(
            provider.GetRequiredService<IOptions<RedisSinkOptions>>().Value,
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<RedisMetricsSink>>()));
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IInstrumentationSink, RedisMetricsSink>(static p => p.GetRequiredService<RedisMetricsSink>()));
        builder.Services.TryAddSingleton(static p => new RedisFleetSource(p.GetRequiredService<RedisMetricsSink>()));
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ISnapshotSource, RedisFleetSource>(static p => p.GetRequiredService<RedisFleetSource>()));
        builder.Services.TryAddSingleton<IFleetInstances>(static p => p.GetRequiredService<RedisFleetSource>());
        builder.Services.TryAddSingleton<IFleetAlertCoordinator>(static p => new RedisAlertCoordinator(p.GetRequiredService<RedisMetricsSink>()));
        return builder;
    }
}
