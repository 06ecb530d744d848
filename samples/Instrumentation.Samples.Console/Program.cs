// Simulated traffic through Track attributes, then the snapshot as JSON.
// Usage: dotnet run --project samples/Instrumentation.Samples.Console -- [seconds]
using System.Text.Json;
using Instrumentation.Collection;
using Instrumentation.Probes;
using Instrumentation.Samples.Console;
using Instrumentation.Snapshots;

int seconds = args.Length > 0 && int.TryParse(args[0], out int s) ? s : 5;
await using var collector = new InstrumentationCollector(ProbeRegistry.Shared, options: new CollectorOptions { Interval = TimeSpan.FromMilliseconds(250) });
collector.Start();
var snapshots = new SnapshotService([new LocalSnapshotSource(collector.Windows)]);

Console.WriteLine($"Simulating traffic for {seconds} s…");
var orders = new OrderService();
var random = new Random(2);
string[] clients = ["web", "ios", "partner"];
DateTime end = DateTime.UtcNow.AddSeconds(seconds);
while (DateTime.UtcNow < end)
{
    try
    {
        await orders.CheckoutAsync(clients[random.Next(clients.Length)]);
    }
    catch (InvalidOperationException)
    {
        // Counted as a failed checkout by the interceptor; the exception reaches us unchanged.
    }

    ShopProbes.TokenIssued();
    if (random.Next(10) == 0)
    {
        ShopProbes.TokenRevoked();
    }

    ShopProbes.CatalogLookup(hit: random.Next(10) < 8);
    ShopProbes.DocumentEdited((Aspect)random.Next(3));
    ShopProbes.Jobs.Enqueue(1);
    if (ShopProbes.Jobs.Count > 20)
    {
        ShopProbes.Jobs.TryDequeue(out _);
    }
}

await collector.FlushAsync();
InstrumentationSnapshot snapshot = await snapshots.GetSnapshotAsync(SnapshotWindow.OneMinute);
var indented = new InstrumentationJsonContext(new JsonSerializerOptions(InstrumentationJsonContext.Default.Options) { WriteIndented = true });
Console.WriteLine(JsonSerializer.Serialize(snapshot, indented.InstrumentationSnapshot));
