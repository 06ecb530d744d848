using Microsoft.Extensions.Hosting;

namespace Instrumentation.Samples.Console;

/// <summary>How long the worker simulates traffic.</summary>
public sealed record TrafficDuration(TimeSpan Value);

/// <summary>A background service recording through probes and tracked methods, then stopping the app.</summary>
public sealed class TrafficWorker(TrafficDuration duration, IHostApplicationLifetime lifetime) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var orders = new OrderService();
        var random = new Random(2);
        string[] clients = ["web", "ios", "partner"];
        DateTime end = DateTime.UtcNow + duration.Value;
        while (DateTime.UtcNow < end && !stoppingToken.IsCancellationRequested)
        {
            try
            {
                await orders.CheckoutAsync(clients[random.Next(clients.Length)]);
            }
            catch (InvalidOperationException)
            {
                // Counted as a failed checkout by the interceptor; the exception reaches us unchanged.
            }

            ShopProbes.TokenIssued();
            if (random.Next(10) == 0)
            {
                ShopProbes.TokenRevoked();
            }

            ShopProbes.CatalogLookup(hit: random.Next(10) < 8);
            ShopProbes.DocumentEdited((Aspect)random.Next(3));
            ShopProbes.OrderPacked(items: random.Next(1, 6));
            (string model, string provider) = random.Next(4) == 0 ? ("claude-sonnet", "anthropic") : ("gpt-4o-mini", "openai");
            ShopProbes.ModelAnswered(model, provider, inputTokens: random.Next(200, 1_200), outputTokens: random.Next(20, 400), failed: random.Next(50) == 0);
            ShopProbes.Jobs.Enqueue(1);
            if (ShopProbes.Jobs.Count > 20)
            {
                ShopProbes.Jobs.TryDequeue(out _);
            }
        }

        lifetime.StopApplication();
    }
}
