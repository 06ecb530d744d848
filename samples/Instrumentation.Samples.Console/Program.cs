// A worker on the generic host: simulated traffic through Track attributes for a few seconds, then the
// snapshot as JSON. The same two lines (AddInstrumentation, a sink) work in any worker service.
// Usage: dotnet run --project samples/Instrumentation.Samples.Console -- [seconds]
using System.Text.Json;
using Instrumentation;
using Instrumentation.Probes;
using Instrumentation.Samples.Console;
using Instrumentation.Snapshots;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

int seconds = args.Length > 0 && int.TryParse(args[0], out int s) ? s : 5;
HostApplicationBuilder builder = Host.CreateApplicationBuilder(args);
builder.AddInstrumentation(o => o.Interval = TimeSpan.FromMilliseconds(250));

// Prices for [TrackUsage] calls that pass no cost (an app with Instrumentation.AI binds them from
// Instrumentation:Usage:Prices through AddUsage()); claude-sonnet has none here, so its calls show as unpriced.
ProbeRegistry.Shared.UsagePrices = UsagePriceTable.From([new("gpt-4o-mini", new UsagePrice { InputPerMillion = 0.15m, OutputPerMillion = 0.6m })]);
builder.Services.AddSingleton(new TrafficDuration(TimeSpan.FromSeconds(seconds)));
builder.Services.AddHostedService<TrafficWorker>();
using IHost host = builder.Build();

Console.WriteLine($"Simulating traffic for {seconds} s…");
await host.StartAsync();
await host.WaitForShutdownAsync();

// The host flushed the last deltas when it stopped; the local windows still hold them.
InstrumentationSnapshot snapshot = await host.Services.GetRequiredService<SnapshotService>().GetSnapshotAsync(SnapshotWindow.OneMinute);
var indented = new InstrumentationJsonContext(new JsonSerializerOptions(InstrumentationJsonContext.Default.Options) { WriteIndented = true });
Console.WriteLine(JsonSerializer.Serialize(snapshot, indented.InstrumentationSnapshot));
