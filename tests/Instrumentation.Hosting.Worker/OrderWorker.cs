using Microsoft.Extensions.Hosting;

namespace Instrumentation.Hosting.Worker;

/// <summary>Places a batch of orders every few milliseconds and says how many it has placed.</summary>
internal sealed class OrderWorker : BackgroundService
{
    private long _placed;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            // Recording and printing are one synchronous step: the total printed last is what was recorded.
            for (int i = 0; i < 25; i++)
            {
                OrderProbes.Placed(i % 2 == 0 ? Channel.Web : Channel.App);
            }

            _placed += 25;
            Console.Out.WriteLine($"recorded {_placed}");
            try
            {
                await Task.Delay(5, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
