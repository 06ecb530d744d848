using Instrumentation;
using Instrumentation.AspNetCore;
using Instrumentation.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds Instrumentation to a web app's services.</summary>
public static class InstrumentationServiceCollectionExtensions
{
    /// <summary>
    /// Adds everything <c>Instrumentation.Hosting</c> adds — the collector (a hosted service that flushes on
    /// graceful shutdown), the local snapshot source, <c>SnapshotService</c> and the meter <c>Instrumentation</c>,
    /// options bound from the <c>Instrumentation</c> section and validated at start-up — and recording of
    /// requests to endpoints marked <c>[TrackEndpoint]</c>. Mount the snapshot routes with <c>app.MapInstrumentation()</c>.
    /// </summary>
    /// <param name="services">The app's services.</param>
    /// <param name="configure">Changes the options after configuration binding.</param>
    /// <returns>A builder that sink packages extend.</returns>
    public static InstrumentationBuilder AddInstrumentation(this IServiceCollection services, Action<InstrumentationOptions>? configure = null)
    {
        InstrumentationBuilder builder = InstrumentationHostingServiceCollectionExtensions.AddInstrumentation(services, configure);
        HostShape.Of(services).RecordsRequests = true;
        services.TryAddSingleton<RequestRecorder>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, RequestRecordingService>());
        return builder;
    }
}
