using Instrumentation.Collection;
using Instrumentation.Metrics;
using Instrumentation.Probes;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Instrumentation.Hosting;

/// <summary>
/// Starts the collector with the host. On graceful shutdown it stops and flushes the last deltas once every hosted
/// service has stopped (<see cref="StoppedAsync"/>), so what any of them records while stopping is written too,
/// whatever order they were registered in.
/// </summary>
internal sealed class InstrumentationHostedService(
    InstrumentationCollector collector,
    ProbeRegistry registry,
#pragma warning disable CS9113 // Taken so the meter exists, and publishes, from start-up on.
    InstrumentationMeter meter,
#pragma warning restore CS9113
    IOptions<InstrumentationOptions> options) : IHostedLifecycleService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        registry.DefaultCardinalityLimit = options.Value.CardinalityLimit;
        registry.MaxSeries = options.Value.MaxSeries;
        collector.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => collector.StopAsync(cancellationToken);

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
