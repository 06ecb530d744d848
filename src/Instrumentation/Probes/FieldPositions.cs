namespace Instrumentation.Probes;

// Where each field of a kind's SeriesSchema is, for the hot path and the collector, which index rather than
// look up names. SeriesSchemaTests checks that these agree with the schemas.

/// <summary>Field positions of <see cref="SeriesSchema.Endpoint"/>.</summary>
internal static class EndpointFields
{
    public const int Calls = 0;
    public const int Failures = 1;
    public const int Count = 2;
}

/// <summary>Field positions of <see cref="SeriesSchema.Token"/>.</summary>
internal static class TokenFields
{
    public const int Issued = 0;
    public const int Revoked = 1;
    public const int Count = 2;
}

/// <summary>Field positions of <see cref="SeriesSchema.Cache"/>.</summary>
internal static class CacheFields
{
    public const int Hits = 0;
    public const int Misses = 1;
    public const int Evictions = 2;
    public const int Count = 3;
}

/// <summary>Field positions of <see cref="SeriesSchema.Usage"/>.</summary>
internal static class UsageFields
{
    public const int Calls = 0;
    public const int Failures = 1;
    public const int InputTokens = 2;
    public const int OutputTokens = 3;
    public const int CostMicros = 4;
    public const int Rejected = 5;
    public const int Unpriced = 6;
    public const int Count = 7;
}

/// <summary>Field positions of <see cref="SeriesSchema.Event"/>.</summary>
internal static class EventFields
{
    public const int Occurrences = 0;
    public const int ValueSum = 1;
    public const int Count = 2;
}
