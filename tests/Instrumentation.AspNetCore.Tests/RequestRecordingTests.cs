using System.Net;
using System.Text.Json;
using Instrumentation.Collection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace Instrumentation.AspNetCore.Tests;

/// <summary>Requests to [TrackEndpoint] minimal API handlers and controller actions are counted exactly, failures included.</summary>
public sealed class RequestRecordingTests
{
    [Fact]
    public async Task Snapshot_counts_equal_the_requests_sent_including_failures_and_500s()
    {
        await using KestrelApp app = await KestrelApp.StartAsync(
            builder =>
            {
                builder.Services.AddInstrumentation(o => o.Interval = TimeSpan.FromMilliseconds(50));
                builder.Services.AddControllers().AddApplicationPart(typeof(OrdersController).Assembly);
            },
            web =>
            {
                web.MapGet("/ok", [TrackEndpoint("shop.ok")] () => "fine");
                web.MapGet("/boom", [TrackEndpoint] string () => throw new InvalidOperationException("boom"));
                web.MapGet("/unavailable", [TrackEndpoint] () => Results.StatusCode(503));
                web.MapGet("/plain", () => "not tracked");
                web.MapControllers();
                web.MapInstrumentation();
            });

        await SendAsync(app.Client, "/ok", 20);
        await SendAsync(app.Client, "/boom", 3);
        await SendAsync(app.Client, "/unavailable", 2);
        await SendAsync(app.Client, "/plain", 4);
        await SendAsync(app.Client, "/api/orders/7", 5);

        JsonElement snapshot = await WaitForRequestsAsync(app, expectedTotal: 30);
        Assert.Equal((20, 0), Counts(snapshot, "shop.ok"));
        Assert.Equal((3, 3), Counts(snapshot, "http.server.requests", "/boom"));
        Assert.Equal((2, 2), Counts(snapshot, "http.server.requests", "/unavailable"));
        Assert.Equal((5, 0), Counts(snapshot, "orders.get"));
        Assert.DoesNotContain(Endpoints(snapshot), e => e.GetProperty("tags").ToString().Contains("/plain", StringComparison.Ordinal));
        JsonElement boom = Endpoints(snapshot).Single(e => e.GetProperty("name").GetString() == "http.server.requests" && Route(e) == "/boom");
        Assert.Equal("GET", boom.GetProperty("tags").GetProperty("http.request.method").GetString());
    }

    [Fact]
    public async Task Top_endpoints_are_ordered_by_the_chosen_figure_and_limited()
    {
        await using KestrelApp app = await KestrelApp.StartAsync(
            builder => builder.Services.AddInstrumentation(o => o.Interval = TimeSpan.FromMilliseconds(50)),
            web =>
            {
                web.MapGet("/busy", [TrackEndpoint("busy")] () => "ok");
                web.MapGet("/broken", [TrackEndpoint("broken")] () => Results.StatusCode(500));
                web.MapGet("/quiet", [TrackEndpoint("quiet")] () => "ok");
                web.MapInstrumentation();
            });
        await SendAsync(app.Client, "/busy", 6);
        await SendAsync(app.Client, "/broken", 2);
        await SendAsync(app.Client, "/quiet", 1);
        await WaitForRequestsAsync(app, expectedTotal: 9);

        using JsonDocument byRequests = JsonDocument.Parse(await app.Client.GetStringAsync("/instrumentation/endpoints/top?by=requests&limit=2"));
        using JsonDocument byErrors = JsonDocument.Parse(await app.Client.GetStringAsync("/instrumentation/endpoints/top?by=errors&limit=1"));

        Assert.Equal(["busy", "broken"], byRequests.RootElement.GetProperty("endpoints").EnumerateArray().Select(e => e.GetProperty("name").GetString()));
        Assert.Equal("requests", byRequests.RootElement.GetProperty("by").GetString());
        Assert.Equal(["broken"], byErrors.RootElement.GetProperty("endpoints").EnumerateArray().Select(e => e.GetProperty("name").GetString()));
    }

    internal static async Task SendAsync(HttpClient client, string path, int count)
    {
        for (int i = 0; i < count; i++)
        {
            using HttpResponseMessage response = await client.GetAsync(path);
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.InternalServerError or HttpStatusCode.ServiceUnavailable, $"{path}: {response.StatusCode}");
        }
    }

    /// <summary>Request durations are recorded as each request ends, just after its response; poll until all arrived.</summary>
    private static async Task<JsonElement> WaitForRequestsAsync(KestrelApp app, int expectedTotal)
    {
        var collector = app.App.Services.GetRequiredService<InstrumentationCollector>();
        JsonElement snapshot = default;
        for (int attempt = 0; attempt < 200; attempt++)
        {
            await collector.FlushAsync();
            snapshot = JsonDocument.Parse(await app.Client.GetStringAsync("/instrumentation/snapshot?window=1m")).RootElement;
            if (Endpoints(snapshot).Sum(e => e.GetProperty("requests").GetInt64()) >= expectedTotal)
            {
                return snapshot;
            }

            await Task.Delay(25);
        }

        return snapshot;
    }

    private static IEnumerable<JsonElement> Endpoints(JsonElement snapshot) => snapshot.GetProperty("endpoints").EnumerateArray();

    private static string? Route(JsonElement endpoint) =>
        endpoint.GetProperty("tags").TryGetProperty("http.route", out JsonElement route) ? route.GetString() : null;

    private static (long Requests, long Errors) Counts(JsonElement snapshot, string name, string? route = null)
    {
        JsonElement endpoint = Endpoints(snapshot).Single(e => e.GetProperty("name").GetString() == name && (route is null || Route(e) == route));
        return (endpoint.GetProperty("requests").GetInt64(), endpoint.GetProperty("errors").GetInt64());
    }
}

/// <summary>A controller action the framework invokes; [TrackEndpoint] on it is recorded from the request.</summary>
[ApiController]
[Route("api/orders")]
public sealed class OrdersController : ControllerBase
{
    [HttpGet("{id:int}")]
    [TrackEndpoint("orders.get")]
    public IActionResult Get(int id) => Ok(new { id });
}
