using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Instrumentation.Benchmarks;

/// <summary>A minimal API on Kestrel at 127.0.0.1 with one <c>[TrackEndpoint]</c> route, with or without request recording.</summary>
internal static class AppUnderBenchmark
{
    public const string Route = "/work";

    public static async Task<(WebApplication App, Uri Address)> StartAsync(bool recordRequests)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddInstrumentation(o => o.RecordRequests = recordRequests);
        WebApplication app = builder.Build();
        app.MapGet(Route, [TrackEndpoint("bench.request")] () => "ok");
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return (app, new Uri(address));
    }
}
