using System.Net;
using System.Text.Json;
using Instrumentation.AspNetCore.Tests;
using Instrumentation.Collection;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Instrumentation.Sinks.Redis.Tests;

/// <summary>AddRedis in a real app on Kestrel: scope=fleet and the per-instance breakdown route.</summary>
public sealed class FleetRouteTests
{
    [Fact]
    public async Task Scope_fleet_and_the_instance_breakdown_answer_from_Redis()
    {
        await using RedisServer redis = await RedisServer.StartAsync();
        await using KestrelApp app = await KestrelApp.StartAsync(
            builder => builder.Services.AddInstrumentation(o => o.Interval = TimeSpan.FromMilliseconds(50)).AddRedis(o =>
            {
                o.Configuration = redis.Configuration;
                o.InstanceId = "web-1";
                o.KeyPrefix = "route";
            }),
            web =>
            {
                web.MapGet("/work", [TrackEndpoint("fleet.work")] () => "ok");
                web.MapInstrumentation();
            });
        HttpClient client = app.Client;
        for (int i = 0; i < 6; i++)
        {
            (await client.GetAsync("/work")).EnsureSuccessStatusCode();
        }

        long requests = 0;
        for (int attempt = 0; attempt < 200 && requests < 6; attempt++)
        {
            await app.App.Services.GetRequiredService<InstrumentationCollector>().FlushAsync();
            using JsonDocument fleet = JsonDocument.Parse(await client.GetStringAsync("/instrumentation/snapshot?scope=fleet"));
            requests = fleet.RootElement.GetProperty("endpoints").EnumerateArray().Where(e => e.GetProperty("name").GetString() == "fleet.work").Sum(e => e.GetProperty("requests").GetInt64());
            await Task.Delay(20);
        }

        using JsonDocument instances = JsonDocument.Parse(await client.GetStringAsync("/instrumentation/fleet/instances?window=5m"));
        using HttpResponseMessage bad = await client.GetAsync("/instrumentation/fleet/instances?window=2m");

        Assert.Equal(6, requests);
        JsonElement only = Assert.Single(instances.RootElement.EnumerateArray());
        Assert.Equal("web-1", only.GetProperty("instance").GetString());
        Assert.Equal(6, only.GetProperty("snapshot").GetProperty("endpoints").EnumerateArray().Single(e => e.GetProperty("name").GetString() == "fleet.work").GetProperty("requests").GetInt64());
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task The_instance_breakdown_with_Redis_down_is_a_503_problem()
    {
        int closedPort = LoopbackPort.Free();
        await using KestrelApp app = await KestrelApp.StartAsync(
            builder => builder.Services.AddInstrumentation().AddRedis(o =>
            {
                o.Configuration = $"127.0.0.1:{closedPort},connectTimeout=200,syncTimeout=200,asyncTimeout=200";
                o.InstanceId = "web-1";
                o.KeyPrefix = "down";
            }),
            web => web.MapInstrumentation());

        using HttpResponseMessage response = await app.Client.GetAsync("/instrumentation/fleet/instances");
        using JsonDocument problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(503, problem.RootElement.GetProperty("status").GetInt32());
    }
}
