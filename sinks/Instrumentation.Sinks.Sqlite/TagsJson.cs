using System.Text;
using System.Text.Json;

namespace Instrumentation.Sinks.Sqlite;

/// <summary>Tags stored as a JSON object (data, never SQL), written and read without reflection.</summary>
internal static class TagsJson
{
    public static string Write(IReadOnlyList<KeyValuePair<string, string>> tags)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            foreach (KeyValuePair<string, string> tag in tags)
            {
                writer.WriteString(tag.Key, tag.Value);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static KeyValuePair<string, string>[] Read(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        return [.. document.RootElement.EnumerateObject().Select(p => new KeyValuePair<string, string>(p.Name, p.Value.GetString() ?? string.Empty))];
    }
}
