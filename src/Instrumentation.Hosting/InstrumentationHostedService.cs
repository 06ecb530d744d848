using Instrumentation.Alerts;
using Instrumentation.Collection;
using Instrumentation.Metrics;
using Instrumentation.Probes;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Instrumentation.Hosting;

/// <summary>
/// Starts the collector with the host. On graceful shutdown it stops and flushes the last deltas once every hosted
/// service has stopped (<see cref="StoppedAsync"/>), so what any of them records while stopping is written too,
/// whatever order they were registered in; then the alert rules give up the fleet lease and the webhook posts what that
/// last evaluation raised.
/// </summary>
internal sealed partial class InstrumentationHostedService(
    InstrumentationCollector collector,
    ProbeRegistry registry,
    AlertEvaluator alerts,
#pragma warning disable CS9113 // Taken so the meter exists, and publishes, from start-up on.
    InstrumentationMeter meter,
#pragma warning restore CS9113
    IOptions<InstrumentationOptions> options,
    HostShape shape,
    ILogger<InstrumentationHostedService> logger) : IHostedLifecycleService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (shape.ServesHttp && !shape.RecordsRequests)
        {
            LogRequestsNotRecorded(logger);
        }

        registry.DefaultCardinalityLimit = options.Value.CardinalityLimit;
        registry.MaxSeries = options.Value.MaxSeries;
        collector.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        await collector.StopAsync(cancellationToken).ConfigureAwait(false);
        await alerts.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(1, LogLevel.Warning, "This app serves HTTP with ASP.NET Core, but Instrumentation was added without request recording (the generic host's AddInstrumentation), so requests to [TrackEndpoint] endpoints are not recorded. With Instrumentation.AspNetCore referenced, call AddInstrumentation() on the WebApplicationBuilder itself or on builder.Services, not through IHostApplicationBuilder (as an Aspire AddServiceDefaults<TBuilder> helper does).")]
    private static partial void LogRequestsNotRecorded(ILogger logger);
}
