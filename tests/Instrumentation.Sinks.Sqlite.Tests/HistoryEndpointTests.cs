using System.Text.Json;
using Instrumentation.AspNetCore.Tests;
using Instrumentation.Collection;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Instrumentation.Sinks.Sqlite.Tests;

/// <summary>AddSqlite in a real app on Kestrel: scope=history answers from the file, and shutdown leaves the last deltas in it.</summary>
public sealed class HistoryEndpointTests : IDisposable
{
    private readonly TempDatabase _db = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task Scope_history_answers_from_the_file_and_shutdown_flushes_into_it()
    {
        KestrelApp app = await KestrelApp.StartAsync(
            builder => builder.Services.AddInstrumentation(o => o.Interval = TimeSpan.FromMilliseconds(50)).AddSqlite(o => o.Path = _db.Path),
            web =>
            {
                web.MapGet("/work", [TrackEndpoint("history.work")] () => "ok");
                web.MapInstrumentation();
            });

        for (int i = 0; i < 7; i++)
        {
            (await app.Client.GetAsync("/work")).EnsureSuccessStatusCode();
        }

        long requests = 0;
        for (int attempt = 0; attempt < 200 && requests < 7; attempt++)
        {
            await app.App.Services.GetRequiredService<InstrumentationCollector>().FlushAsync();
            using JsonDocument history = JsonDocument.Parse(await app.Client.GetStringAsync("/instrumentation/snapshot?scope=history&window=5m"));
            Assert.Equal("history", history.RootElement.GetProperty("scope").GetString());
            requests = history.RootElement.GetProperty("endpoints").EnumerateArray()
                .Where(e => e.GetProperty("name").GetString() == "history.work")
                .Sum(e => e.GetProperty("requests").GetInt64());
            await Task.Delay(20);
        }

        Assert.Equal(7, requests);
        (await app.Client.GetAsync("/work")).EnsureSuccessStatusCode();
        await Task.Delay(200);
        await app.DisposeAsync();

        Assert.Equal(8, _db.Scalar("SELECT sum(calls) FROM rollup_minute m JOIN series s ON s.id = m.series_id WHERE s.metric = 'history.work'"));
    }
}
