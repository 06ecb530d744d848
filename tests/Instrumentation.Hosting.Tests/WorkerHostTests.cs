using Instrumentation.Collection;
using Instrumentation.Snapshots;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Instrumentation.Hosting.Tests;

/// <summary>A host without ASP.NET Core (a worker service, a console app on the generic host) runs Instrumentation.</summary>
public sealed partial class WorkerHostTests
{
    [TrackEvent("worker.jobs")]
    private static partial void JobDone([Tag("queue")] string queue, [Value] long items);

    [Fact]
    public async Task A_worker_host_starts_collects_and_flushes_everything_to_its_sink_when_it_stops()
    {
        var sink = new MemorySink();
        HostApplicationBuilder builder = Host.CreateApplicationBuilder();
        builder.AddInstrumentation(o => o.Interval = TimeSpan.FromHours(1)).AddSink(sink);
        using IHost host = builder.Build();

        await host.StartAsync();
        for (int i = 0; i < 10; i++)
        {
            JobDone("mail", items: 3);
        }

        await host.StopAsync();

        Assert.Equal((10, 30), sink.Totals("worker.jobs{queue=mail}"));
        InstrumentationSnapshot snapshot = await host.Services.GetRequiredService<SnapshotService>().GetSnapshotAsync(SnapshotWindow.OneHour);
        Assert.Contains(snapshot.Events, e => e.Name == "worker.jobs" && e.ValueSum >= 30);
    }

    [Fact]
    public async Task A_worker_host_without_aspnetcore_keeps_its_history_in_sqlite_and_loses_nothing_at_stop()
    {
        string folder = Directory.CreateTempSubdirectory("instrumentation-worker-").FullName;
        try
        {
            string path = Path.Combine(folder, "history.db");
            HostApplicationBuilder builder = Host.CreateApplicationBuilder();
            builder.Configuration.AddInMemoryCollection([new("Instrumentation:Sqlite:Path", path)]);
            builder.AddInstrumentation(o => o.Interval = TimeSpan.FromHours(1)).AddSqlite();
            using (IHost host = builder.Build())
            {
                await host.StartAsync();
                for (int i = 0; i < 25; i++)
                {
                    JobDone("sqlite", items: 2);
                }

                await host.StopAsync();
            }

            Assert.DoesNotContain(AppDomain.CurrentDomain.GetAssemblies(), a => a.GetName().Name == "Microsoft.AspNetCore.Routing");
            using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False");
            connection.Open();
            using Microsoft.Data.Sqlite.SqliteCommand sum = connection.CreateCommand();
            sum.CommandText = "SELECT sum(m.occurrences), sum(m.valueSum) FROM rollup_minute m JOIN series s ON s.id = m.series_id WHERE s.key = 'worker.jobs{queue=sqlite}'";
            using Microsoft.Data.Sqlite.SqliteDataReader reader = sum.ExecuteReader();
            Assert.True(reader.Read());
            Assert.Equal((25, 50), (reader.GetInt64(0), reader.GetInt64(1)));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task The_readme_sink_appends_one_json_line_per_changed_series()
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory("instrumentation-jsonl-").FullName, "deltas.jsonl");
        HostApplicationBuilder builder = Host.CreateApplicationBuilder();
        builder.AddInstrumentation(o => o.Interval = TimeSpan.FromHours(1)).AddSink(new JsonLinesSink(path));
        using (IHost host = builder.Build())
        {
            await host.StartAsync();
            JobDone("jsonl", items: 4);
            JobDone("jsonl", items: 5);
            await host.StopAsync();
        }

        string line = Assert.Single(File.ReadAllLines(path), l => l.Contains("worker.jobs{queue=jsonl}", StringComparison.Ordinal));
        using var json = System.Text.Json.JsonDocument.Parse(line);
        Assert.Equal((2, 9), (json.RootElement.GetProperty("occurrences").GetInt64(), json.RootElement.GetProperty("valueSum").GetInt64()));
        Assert.NotEqual(Guid.Empty, json.RootElement.GetProperty("delivery").GetGuid());
        Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
    }

    [Fact]
    public async Task The_same_sink_instance_added_twice_is_one_sink()
    {
        var sink = new MemorySink();
        HostApplicationBuilder builder = Host.CreateApplicationBuilder();
        builder.AddInstrumentation(o => o.Interval = TimeSpan.FromHours(1)).AddSink(sink).AddSink(sink);
        using IHost host = builder.Build();
        await host.StartAsync();
        JobDone("twice", items: 1);
        await host.StopAsync();

        Assert.Equal((1, 1), sink.Totals("worker.jobs{queue=twice}"));
    }

    [Fact]
    public async Task A_sink_on_a_bare_service_collection_without_configuration_starts()
    {
        string folder = Directory.CreateTempSubdirectory("instrumentation-bare-").FullName;
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddInstrumentation().AddSqlite(o => o.Path = Path.Combine(folder, "bare.db"));
        await using (ServiceProvider provider = services.BuildServiceProvider())
        {
            foreach (IHostedService hosted in provider.GetServices<IHostedService>())
            {
                await hosted.StartAsync(CancellationToken.None);
            }

            Assert.NotNull(provider.GetRequiredService<IOptions<Instrumentation.Sinks.Sqlite.SqliteSinkOptions>>().Value);
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task What_a_service_registered_before_instrumentation_records_while_stopping_is_flushed_too()
    {
        var sink = new MemorySink();
        HostApplicationBuilder builder = Host.CreateApplicationBuilder();
        builder.Services.AddHostedService<RecordsWhileStopping>();
        builder.AddInstrumentation(o => o.Interval = TimeSpan.FromHours(1)).AddSink(sink);
        using IHost host = builder.Build();

        await host.StartAsync();
        await host.StopAsync();

        Assert.Equal((1, 7), sink.Totals("worker.jobs{queue=stopping}"));
    }

    private sealed class RecordsWhileStopping : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken)
        {
            JobDone("stopping", items: 7);
            return Task.CompletedTask;
        }
    }

    [Theory]
    [InlineData("Instrumentation:MaxSeries", "0", "Instrumentation:MaxSeries is 0")]
    // Delays past what a timer can wait (about 49 days) once killed the delivery loop at the first failure.
    [InlineData("Instrumentation:MaxRetryDelay", "100.00:00:00", "Instrumentation:MaxRetryDelay is 100.00:00:00")]
    [InlineData("Instrumentation:RetryDelay", "100.00:00:00", "Instrumentation:RetryDelay is 100.00:00:00")]
    public async Task A_bad_setting_stops_start_up_naming_it(string setting, string value, string message)
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection([new(setting, value)]);
        builder.AddInstrumentation();
        using IHost host = builder.Build();

        OptionsValidationException thrown = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(message, thrown.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("RollupInterval")]
    [InlineData("MaxLatency")]
    [InlineData("BusyTimeout")]
    public async Task A_sqlite_delay_longer_than_a_day_stops_start_up_naming_it(string setting)
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection([new("Instrumentation:Sqlite:Path", Path.Combine(Path.GetTempPath(), "never-created.db")), new($"Instrumentation:Sqlite:{setting}", "60.00:00:00")]);
        builder.AddInstrumentation().AddSqlite();
        using IHost host = builder.Build();

        Exception thrown = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());

        Assert.Contains($"Instrumentation:Sqlite:{setting} is 60.00:00:00", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bare_service_collection_without_configuration_gets_the_same_services_with_default_options()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddInstrumentation();
        await using ServiceProvider provider = services.BuildServiceProvider();

        Assert.NotNull(provider.GetRequiredService<InstrumentationCollector>());
        Assert.Single(provider.GetServices<IHostedService>());
        Assert.Single(provider.GetServices<ISnapshotSource>());
        Assert.Equal(TimeSpan.FromSeconds(1), provider.GetRequiredService<IOptions<InstrumentationOptions>>().Value.Interval);
    }

    private sealed class MemorySink : IInstrumentationSink
    {
        private readonly Dictionary<string, (long Count, long Sum)> _totals = [];

        public string Name => "memory";

        public (long Count, long Sum) Totals(string key)
        {
            lock (_totals)
            {
                return _totals.GetValueOrDefault(key);
            }
        }

        public ValueTask WriteAsync(MetricsBatch batch, CancellationToken cancellationToken)
        {
            lock (_totals)
            {
                foreach (SeriesDelta delta in batch.Deltas.Where(d => d.Series.Kind == Probes.ProbeKind.Event))
                {
                    (long count, long sum) = _totals.GetValueOrDefault(delta.Series.Key);
                    _totals[delta.Series.Key] = (count + delta.Fields[Probes.FieldNames.Occurrences], sum + delta.Fields[Probes.FieldNames.ValueSum]);
                }
            }

            return ValueTask.CompletedTask;
        }
    }
}
