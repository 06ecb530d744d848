// The runtime on its own: probes, the collector and a snapshot, with simulated traffic.
// Until the source generator lands, this sample creates its probes through the same runtime API
// that generated code calls; with the generator, the Track attributes write these lines for you.
using System.Text.Json;
using Instrumentation;
using Instrumentation.Collection;
using Instrumentation.Probes;
using Instrumentation.Snapshots;

int seconds = args.Length > 0 && int.TryParse(args[0], out int s) ? s : 5;
ProbeRegistry registry = ProbeRegistry.Shared;
var aspect = TagDefinition.Choice("aspect", "Read", "Write");
EndpointProbe checkout = registry.GetOrAddEndpoint("orders.checkout", [TagDefinition.Text("client")]);
TokenProbe tokens = registry.GetOrAddToken("auth.tokens", lifetime: TimeSpan.FromMinutes(15));
CacheProbe catalog = registry.GetOrAddCache("catalog.cache");
EventProbe edits = registry.GetOrAddEvent("documents.edits", [aspect]);
GaugeProbe queue = registry.GetOrAddGauge("jobs.queued");
var pending = new System.Collections.Concurrent.ConcurrentQueue<int>();
queue.Observe(() => pending.Count);

await using var collector = new InstrumentationCollector(registry, options: new CollectorOptions { Interval = TimeSpan.FromMilliseconds(250) });
collector.Start();
var snapshots = new SnapshotService([new LocalSnapshotSource(collector.Windows)]);

Console.WriteLine($"Simulating traffic for {seconds} s…");
var random = new Random(1);
string[] clients = ["web", "ios", "partner"];
DateTime end = DateTime.UtcNow.AddSeconds(seconds);
while (DateTime.UtcNow < end)
{
    var key = new SeriesKey(0);
    key.Add(clients[random.Next(clients.Length)]);
    using (TrackingScope call = checkout.GetSeries(in key).Start())
    {
        await Task.Delay(random.Next(1, 6));
        if (random.Next(20) == 0)
        {
            call.Fail();
        }
    }

    tokens.Default.Issue();
    if (random.Next(10) == 0)
    {
        tokens.Default.Revoke();
    }

    catalog.Default.Lookup(hit: random.Next(10) < 8);
    edits.GetSeries(random.Next(2)).Increment();
    pending.Enqueue(1);
    if (pending.Count > 20)
    {
        pending.TryDequeue(out _);
    }
}

await collector.FlushAsync();
InstrumentationSnapshot snapshot = await snapshots.GetSnapshotAsync(SnapshotWindow.OneMinute);
Console.WriteLine(JsonSerializer.Serialize(snapshot, new InstrumentationJsonContext(new JsonSerializerOptions(InstrumentationJsonContext.Default.Options) { WriteIndented = true }).InstrumentationSnapshot));
