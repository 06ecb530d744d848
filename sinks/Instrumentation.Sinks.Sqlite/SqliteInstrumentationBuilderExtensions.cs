using Instrumentation;
using Instrumentation.Collection;
using Instrumentation.History;
using Instrumentation.Sinks.Sqlite;
using Instrumentation.Snapshots;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the SQLite history sink.</summary>
public static class SqliteInstrumentationBuilderExtensions
{
    /// <summary>
    /// Keeps history in a local SQLite file, answers <c>scope=history</c> and adds
    /// <c>GET /instrumentation/export</c> under <c>MapInstrumentation()</c>. Options bind from
    /// <c>Instrumentation:Sqlite</c>, then <paramref name="configure"/> runs; the file is opened (and a
    /// problem with it reported) when the app starts.
    /// </summary>
    public static InstrumentationBuilder AddSqlite(this InstrumentationBuilder builder, Action<SqliteSinkOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // Bound from the host's configuration when there is one; a bare service collection keeps the defaults.
        OptionsBuilder<SqliteSinkOptions> options = builder.Services.AddOptions<SqliteSinkOptions>().Configure<IServiceProvider>(
            static (options, provider) => provider.GetService<IConfiguration>()?.GetSection("Instrumentation:Sqlite").Bind(options));
        if (configure is not null)
        {
            options.Configure(configure);
        }

        builder.Services.TryAddSingleton(static provider => new SqliteMetricsSink(
            provider.GetRequiredService<IOptions<SqliteSinkOptions>>().Value,
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<SqliteMetricsSink>>()));
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IInstrumentationSink, SqliteMetricsSink>(static p => p.GetRequiredService<SqliteMetricsSink>()));
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ISnapshotSource, SqliteHistorySource>(static p => new SqliteHistorySource(p.GetRequiredService<SqliteMetricsSink>())));
        builder.Services.TryAddSingleton<IHistoryQueries>(static p => new HistoryQueries(p.GetRequiredService<SqliteMetricsSink>()));
        return builder;
    }
}
