using Instrumentation.Probes;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Instrumentation.AI;

/// <summary>
/// Gives the registry the configured prices (<c>Instrumentation:Usage:Prices</c>) when the host starts, so the
/// <c>[TrackUsage]</c> probe methods that take no <c>costMicros</c> are priced as the chat client middleware is.
/// </summary>
internal sealed class UsagePricesStartup(ProbeRegistry registry, IOptions<UsageOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        registry.UsagePrices = UsagePriceTable.From(options.Value.Prices);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
