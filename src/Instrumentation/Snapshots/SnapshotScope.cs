using System.Text.Json.Serialization;

namespace Instrumentation.Snapshots;

/// <summary>Where a snapshot's numbers come from; in JSON and queries <c>local</c>, <c>fleet</c> or <c>history</c>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SnapshotScope>))]
public enum SnapshotScope
{
    /// <summary>This process, from its in-memory windows.</summary>
    [JsonStringEnumMemberName("local")]
    Local,

    /// <summary>Every instance of the app, from a shared store (the Redis sink).</summary>
    [JsonStringEnumMemberName("fleet")]
    Fleet,

    /// <summary>Stored history (the SQLite sink).</summary>
    [JsonStringEnumMemberName("history")]
    History,
}
