using System.Net;
using System.Text.Json;
using Instrumentation.Collection;
using Instrumentation.Probes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Instrumentation.AspNetCore.Tests;

/// <summary>Many readers of the snapshot endpoint share one snapshot, and the rest of the app keeps answering.</summary>
public sealed class SnapshotStormTests
{
    [Fact]
    public async Task Two_hundred_concurrent_snapshot_requests_over_2000_series_get_one_shared_snapshot()
    {
        await using KestrelApp app = await KestrelApp.StartAsync(
            builder =>
            {
                // Timers and the monotonic clock stand still: no timer collection during the storm (the one below is
                // all the data) and no reuse period running out, however slowly a loaded machine serves the requests.
                // The wall clock moves a tick per reading, so each computed snapshot has an "at" of its own.
                builder.Services.AddSingleton<TimeProvider>(new TickingWallClock());
                builder.Services.AddInstrumentation();
            },
            web =>
            {
                web.MapGet("/ping", () => "pong");
                web.MapInstrumentation();
            });
        EndpointProbe probe = app.Registry.GetOrAddEndpoint("storm.routes", [TagDefinition.Text("route")], cardinalityLimit: 2_000);
        for (int i = 0; i < 2_000; i++)
        {
            var key = new SeriesKey(0);
            key.Add($"/route/{i}");
            probe.GetSeries(in key).Record(1_000_000 + i, failed: false);
        }

        app.App.Services.GetRequiredService<InstrumentationCollector>().Collect();

        Task<HttpResponseMessage>[] storm = [.. Enumerable.Range(0, 200).Select(_ => app.Client.GetAsync(new Uri("/instrumentation/snapshot", UriKind.Relative)))];
        string ping = await app.Client.GetStringAsync(new Uri("/ping", UriKind.Relative));
        HttpResponseMessage[] responses = await Task.WhenAll(storm);

        Assert.Equal("pong", ping);
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.All(responses, r => Assert.Equal("application/json", r.Content.Headers.ContentType?.MediaType));
        var takenAt = new HashSet<string>(StringComparer.Ordinal);
        foreach (HttpResponseMessage response in responses)
        {
            using JsonDocument snapshot = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            takenAt.Add(snapshot.RootElement.GetProperty("at").GetString()!);
            Assert.Equal(2_000, snapshot.RootElement.GetProperty("endpoints").GetArrayLength());
            response.Dispose();
        }

        // Computed once and shared: every response carries the same moment of computation.
        Assert.Single(takenAt);
    }

    private sealed class TickingWallClock() : FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(56))
    {
        private long _readings;

        public override DateTimeOffset GetUtcNow() => base.GetUtcNow().AddTicks(Interlocked.Increment(ref _readings));
    }
}
