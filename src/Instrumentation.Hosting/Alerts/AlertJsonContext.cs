using System.Text.Json.Serialization;

namespace Instrumentation.Alerts;

/// <summary>Source-generated JSON for what alerts write: the fleet rules' shared states and the webhook's notifications (camelCase).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DictionaryKeyPolicy = JsonKnownNamingPolicy.Unspecified)]
[JsonSerializable(typeof(AlertState))]
[JsonSerializable(typeof(AlertNotification))]
internal sealed partial class AlertJsonContext : JsonSerializerContext;
