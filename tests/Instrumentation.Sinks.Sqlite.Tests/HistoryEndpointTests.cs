using System.Text.Json;
using Instrumentation.Collection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Instrumentation.Sinks.Sqlite.Tests;

/// <summary>AddSqlite in a real app on Kestrel: scope=history answers from the file, and shutdown leaves the last deltas in it.</summary>
public sealed class HistoryEndpointTests : IDisposable
{
    private readonly TempDatabase _db = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task Scope_history_answers_from_the_file_and_shutdown_flushes_into_it()
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(new Instrumentation.Probes.ProbeRegistry());
        builder.Services.AddInstrumentation(o => o.Interval = TimeSpan.FromMilliseconds(50)).AddSqlite(o => o.Path = _db.Path);
        WebApplication app = builder.Build();
        app.MapGet("/work", [TrackEndpoint("history.work")] () => "ok");
        app.MapInstrumentation();
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single()) };

        for (int i = 0; i < 7; i++)
        {
            (await client.GetAsync("/work")).EnsureSuccessStatusCode();
        }

        long requests = 0;
        for (int attempt = 0; attempt < 200 && requests < 7; attempt++)
        {
            await app.Services.GetRequiredService<InstrumentationCollector>().FlushAsync();
            await app.Services.GetRequiredService<SqliteMetricsSink>().FlushAsync();
            using JsonDocument history = JsonDocument.Parse(await client.GetStringAsync("/instrumentation/snapshot?scope=history&window=5m"));
            Assert.Equal("history", history.RootElement.GetProperty("scope").GetString());
            requests = history.RootElement.GetProperty("endpoints").EnumerateArray()
                .Where(e => e.GetProperty("name").GetString() == "history.work")
                .Sum(e => e.GetProperty("requests").GetInt64());
            await Task.Delay(20);
        }

        Assert.Equal(7, requests);
        (await client.GetAsync("/work")).EnsureSuccessStatusCode();
        await Task.Delay(200);
        await app.StopAsync();
        await app.DisposeAsync();

        Assert.Equal(8, _db.Scalar("SELECT sum(c0) FROM rollup_minute m JOIN series s ON s.id = m.series_id WHERE s.metric = 'history.work'"));
    }
}
