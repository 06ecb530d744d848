// Records orders until the host stops, printing after each batch the total recorded so far (among the host's own log lines):
//   recorded <orders>
// Usage: Instrumentation.Hosting.Worker <database path>
// The history sink's MaxLatency is an hour, so what reaches the file is what the graceful stop flushed.
using Instrumentation;
using Instrumentation.Hosting.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

HostApplicationBuilder builder = Host.CreateApplicationBuilder();
builder.AddInstrumentation().AddSqlite(o =>
{
    o.Path = args[0];
    o.MaxLatency = TimeSpan.FromHours(1);
});
builder.Services.AddHostedService<OrderWorker>();
await builder.Build().RunAsync();
