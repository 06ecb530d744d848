using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Instrumentation.Samples.WebApi;

/// <summary>With <c>--demo</c>: calls the app's own endpoints on loopback, a few requests at a time, until it stops.</summary>
internal sealed class DemoTraffic(IServer server, IHostApplicationLifetime lifetime, ILogger<DemoTraffic> logger) : BackgroundService
{
    private static readonly string[] s_paths =
    [
        "/orders/checkout?client=web", "/orders/checkout?client=ios", "/documents/edit", "/tokens",
        "/assistant/ask?provider=openai&model=gpt-4o&question=summarise+the+order",
        "/assistant/ask?provider=openai&model=gpt-4o-mini&question=classify+this+ticket",
        "/assistant/ask?provider=anthropic&question=draft+a+reply+to+the+customer",
        "/boom",
    ];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await WaitForStartAsync(stoppingToken);
        string address = server.Features.Get<IServerAddressesFeature>()!.Addresses.First().Replace("//localhost", "//127.0.0.1", StringComparison.Ordinal);
        using var client = new HttpClient { BaseAddress = new Uri(address) };
        logger.LogInformation("Demo traffic on {Address}; open {Address}/instrumentation/snapshot", address, address);
        var random = new Random(7);
        while (!stoppingToken.IsCancellationRequested)
        {
            string path = random.Next(3) == 0 ? $"/products/{random.Next(1, 120)}" : s_paths[random.Next(s_paths.Length - (random.Next(20) == 0 ? 0 : 1))];
            try
            {
                using HttpResponseMessage response = await client.GetAsync(path, stoppingToken);
            }
            catch (HttpRequestException)
            {
                // The app is stopping.
            }

            await Task.Delay(random.Next(5, 40), stoppingToken);
        }
    }

    private Task WaitForStartAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        return started.Task.WaitAsync(stoppingToken);
    }
}
