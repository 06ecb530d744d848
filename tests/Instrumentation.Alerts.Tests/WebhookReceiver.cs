using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Instrumentation.Alerts.Tests;

/// <summary>A real webhook receiver: Kestrel on loopback, keeping each POST it accepted; it can answer 500 to the first ones.</summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(JsonElement Body, string? Authorization)> _accepted = new();
    private int _toRefuse;
    private int _requests;

    private WebhookReceiver(WebApplication app) => _app = app;

    public Uri Url => new($"{_app.Urls.First()}/hooks/T0123/secret-path");

    /// <summary>Every POST accepted, in order.</summary>
    public IReadOnlyList<(JsonElement Body, string? Authorization)> Accepted => [.. _accepted];

    public int Requests => Volatile.Read(ref _requests);

    public static async Task<WebhookReceiver> StartAsync(int refuseFirst = 0)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        WebApplication app = builder.Build();
        var receiver = new WebhookReceiver(app) { _toRefuse = refuseFirst };
        app.MapPost("/hooks/T0123/secret-path", async (HttpContext context) =>
        {
            Interlocked.Increment(ref receiver._requests);
            JsonElement body = await JsonSerializer.DeserializeAsync<JsonElement>(context.Request.Body);
            if (Interlocked.Decrement(ref receiver._toRefuse) >= 0)
            {
                return Results.StatusCode(500);
            }

            receiver._accepted.Enqueue((body, context.Request.Headers.Authorization.ToString()));
            return Results.Ok();
        });
        await app.StartAsync();
        return receiver;
    }

    /// <summary>Waits until <paramref name="count"/> POSTs were accepted (bounded), then a little for any extra one that should not come.</summary>
    public async Task<IReadOnlyList<JsonElement>> WaitForAsync(int count)
    {
        for (int attempt = 0; _accepted.Count < count; attempt++)
        {
            Assert.True(attempt < 300, $"The webhook got {_accepted.Count} notifications within 30 s; expected {count}.");
            await Task.Delay(100);
        }

        return [.. _accepted.Select(a => a.Body)];
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
