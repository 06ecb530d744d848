using Instrumentation.Collection;
using Instrumentation.Metrics;
using Instrumentation.Probes;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Instrumentation.AspNetCore;

/// <summary>Starts the collector and request recording with the host; on graceful shutdown stops them and flushes the last deltas.</summary>
internal sealed class InstrumentationHostedService(
    InstrumentationCollector collector,
    ProbeRegistry registry,
    RequestRecorder recorder,
#pragma warning disable CS9113 // Taken so the meter exists, and publishes, from start-up on.
    InstrumentationMeter meter,
#pragma warning restore CS9113
    IOptions<InstrumentationOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        registry.DefaultCardinalityLimit = options.Value.CardinalityLimit;
        registry.MaxSeries = options.Value.MaxSeries;
        if (options.Value.RecordRequests)
        {
            recorder.Start();
        }

        collector.Start();
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        recorder.Dispose();
        await collector.StopAsync(cancellationToken).ConfigureAwait(false);
    }
}
