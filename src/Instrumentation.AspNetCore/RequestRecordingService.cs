using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Instrumentation.AspNetCore;

/// <summary>Starts recording requests to <c>[TrackEndpoint]</c> endpoints with the web host (unless <see cref="InstrumentationOptions.RecordRequests"/> is off) and stops at shutdown.</summary>
internal sealed class RequestRecordingService(RequestRecorder recorder, IOptions<InstrumentationOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.RecordRequests)
        {
            recorder.Start();
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        recorder.Dispose();
        return Task.CompletedTask;
    }
}
