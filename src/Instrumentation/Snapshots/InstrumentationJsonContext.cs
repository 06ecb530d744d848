using System.Text.Json.Serialization;

namespace Instrumentation.Snapshots;

/// <summary>
/// Source-generated JSON for the snapshot model: camelCase, enums as camelCase strings, no reflection
/// (trimming- and AOT-safe). Use <c>InstrumentationJsonContext.Default.InstrumentationSnapshot</c>.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    DictionaryKeyPolicy = JsonKnownNamingPolicy.Unspecified)]
[JsonSerializable(typeof(InstrumentationSnapshot))]
public sealed partial class InstrumentationJsonContext : JsonSerializerContext;
