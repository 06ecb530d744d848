using System.Text;
using System.Text.Json;
using Instrumentation.Collection;

namespace Instrumentation.Hosting.Tests;

// The sink shown in the README's "Your own sink", kept here so that the README's code is tested (ReadmeTests checks
// that the two are the same code).

/// <summary>Appends one JSON line per changed series to a file, with the delivery it came in.</summary>
public sealed class JsonLinesSink(string path) : IInstrumentationSink
{
    public string Name => "json-lines";

    public async ValueTask WriteAsync(MetricsBatch batch, CancellationToken cancellationToken)
    {
        var lines = new StringBuilder();
        foreach (SeriesDelta delta in batch.Deltas)
        {
            using var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                json.WriteString("delivery", batch.DeliveryId);
                json.WriteString("at", batch.To);
                json.WriteString("series", delta.Series.Key);
                foreach ((string field, long value) in delta.Fields)
                {
                    json.WriteNumber(field, value);
                }

                json.WriteEndObject();
            }

            lines.AppendLine(Encoding.UTF8.GetString(buffer.ToArray()));
        }

        // Throwing (a full disk) is fine: the collector retries the same delivery later. An append cut short leaves
        // a partial line and its retry writes the delivery again, so readers skip lines that do not parse and count
        // each (delivery, series) once.
        await File.AppendAllTextAsync(path, lines.ToString(), cancellationToken);
    }
}
