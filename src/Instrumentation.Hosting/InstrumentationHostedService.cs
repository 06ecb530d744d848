using Instrumentation.Collection;
using Instrumentation.Metrics;
using Instrumentation.Probes;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Instrumentation.Hosting;

/// <summary>Starts the collector with the host; on graceful shutdown stops it and flushes the last deltas.</summary>
internal sealed class InstrumentationHostedService(
    InstrumentationCollector collector,
    ProbeRegistry registry,
#pragma warning disable CS9113 // Taken so the meter exists, and publishes, from start-up on.
    InstrumentationMeter meter,
#pragma warning restore CS9113
    IOptions<InstrumentationOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        registry.DefaultCardinalityLimit = options.Value.CardinalityLimit;
        registry.MaxSeries = options.Value.MaxSeries;
        collector.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => collector.StopAsync(cancellationToken);
}
