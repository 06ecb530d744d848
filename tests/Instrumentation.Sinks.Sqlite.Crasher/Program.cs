// Writes history as fast as it can and prints, after each write that committed, the total committed:
//   committed <occurrences>
// Usage: Instrumentation.Sinks.Sqlite.Crasher <database path> <occurrences per write>
using System.Globalization;
using Instrumentation.Collection;
using Instrumentation.Probes;
using Instrumentation.Sinks.Sqlite;

string path = args[0];
int perWrite = int.Parse(args[1], CultureInfo.InvariantCulture);
var registry = new ProbeRegistry();
EventProbe events = registry.GetOrAddEvent("crash.events", [TagDefinition.Text("worker")]);
await using var sink = new SqliteMetricsSink(new SqliteSinkOptions { Path = path });

// The collector only reads the probes here; each batch is written straight to the sink, one transaction.
await using var collector = new InstrumentationCollector(registry);
long committed = 0;
while (true)
{
    for (int i = 0; i < perWrite; i++)
    {
        var key = new SeriesKey(0);
        key.Add($"w{i % 200}");
        events.GetSeries(in key).Increment();
    }

    MetricsBatch batch = collector.Collect();
    try
    {
        await sink.WriteAsync(batch, CancellationToken.None);
    }
    catch (Microsoft.Data.Sqlite.SqliteException)
    {
        continue; // Not committed, and not counted: the next batch carries only newer deltas.
    }

    committed += perWrite;
    Console.Out.WriteLine($"committed {committed}");
    Console.Out.Flush();
}
