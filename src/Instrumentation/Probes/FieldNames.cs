namespace Instrumentation.Probes;

/// <summary>
/// The names of the fields series keep (see <see cref="SeriesSchema"/>). The same name is used in every place a
/// person or a store sees the field: batches, snapshot JSON, SQLite columns, CSV headers, Redis fields.
/// </summary>
public static class FieldNames
{
    /// <summary>Endpoint: completed calls, successful or not.</summary>
    public const string Calls = "calls";

    /// <summary>Endpoint: calls that failed (an exception, or a response status of 500 or more).</summary>
    public const string Failures = "failures";

    /// <summary>Token: tokens issued.</summary>
    public const string Issued = "issued";

    /// <summary>Token: tokens revoked.</summary>
    public const string Revoked = "revoked";

    /// <summary>Cache: lookups that found a value.</summary>
    public const string Hits = "hits";

    /// <summary>Cache: lookups that found nothing.</summary>
    public const string Misses = "misses";

    /// <summary>Cache: entries evicted.</summary>
    public const string Evictions = "evictions";

    /// <summary>Event: occurrences, timed or not.</summary>
    public const string Occurrences = "occurrences";

    /// <summary>Event: the sum of the amounts passed to a <c>[Value]</c> parameter (0 for events without one).</summary>
    public const string ValueSum = "valueSum";

    /// <summary>Usage: tokens sent to the model (prompt tokens).</summary>
    public const string InputTokens = "inputTokens";

    /// <summary>Usage: tokens the model produced (completion tokens).</summary>
    public const string OutputTokens = "outputTokens";

    /// <summary>Usage: what the calls cost, in millionths of a currency unit.</summary>
    public const string CostMicros = "costMicros";

    /// <summary>Usage: negative token counts or costs that were recorded as 0 instead.</summary>
    public const string Rejected = "rejected";

    /// <summary>Usage: calls with tokens recorded without a cost because no price covered their model.</summary>
    public const string Unpriced = "unpriced";
}
