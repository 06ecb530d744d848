using System.Text.Json.Serialization;

namespace Instrumentation.Snapshots;

/// <summary>What a list of top endpoints orders by: the snapshot route <c>endpoints/top</c> and the history queries.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TopEndpointsOrder>))]
public enum TopEndpointsOrder
{
    /// <summary>Most requests first.</summary>
    [JsonStringEnumMemberName("requests")]
    Requests,

    /// <summary>Most failed requests first.</summary>
    [JsonStringEnumMemberName("errors")]
    Errors,

    /// <summary>Slowest 99th percentile first.</summary>
    [JsonStringEnumMemberName("p99")]
    P99,
}

/// <summary>The query-string names of <see cref="TopEndpointsOrder"/>, for every route that takes <c>by</c>.</summary>
public static class TopEndpointsOrderExtensions
{
    /// <summary>Reads <c>requests</c>, <c>errors</c> or <c>p99</c> (any case, surrounding spaces ignored).</summary>
    public static bool TryParseName(string? text, out TopEndpointsOrder order)
    {
        (bool ok, order) = text?.Trim().ToLowerInvariant() switch
        {
            "requests" => (true, TopEndpointsOrder.Requests),
            "errors" => (true, TopEndpointsOrder.Errors),
            "p99" => (true, TopEndpointsOrder.P99),
            _ => (false, TopEndpointsOrder.Requests),
        };
        return ok;
    }
}
