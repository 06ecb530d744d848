using Instrumentation.Collection;
using Instrumentation.Probes;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Instrumentation.AspNetCore;

/// <summary>Starts the collector and request recording with the host; on graceful shutdown stops them and flushes the last deltas.</summary>
internal sealed class InstrumentationHostedService(
    InstrumentationCollector collector,
    ProbeRegistry registry,
    RequestRecorder recorder,
    IOptions<InstrumentationOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        registry.DefaultCardinalityLimit = options.Value.CardinalityLimit;
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
