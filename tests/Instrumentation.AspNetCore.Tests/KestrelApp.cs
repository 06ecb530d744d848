using Instrumentation.Probes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Instrumentation.AspNetCore.Tests;

/// <summary>A real app on Kestrel at 127.0.0.1 with a free port, its own probe registry, and a client for it.</summary>
internal sealed class KestrelApp : IAsyncDisposable
{
    private KestrelApp(WebApplication app, HttpClient client, ProbeRegistry registry)
    {
        App = app;
        Client = client;
        Registry = registry;
    }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    public ProbeRegistry Registry { get; }

    public static async Task<KestrelApp> StartAsync(Action<WebApplicationBuilder> configure, Action<WebApplication> map)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var registry = new ProbeRegistry();
        builder.Services.AddSingleton(registry);
        configure(builder);
        WebApplication app = builder.Build();
        map(app);
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new KestrelApp(app, new HttpClient { BaseAddress = new Uri(address) }, registry);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
