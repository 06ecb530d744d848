namespace Instrumentation.Snapshots;

/// <summary>Everything the probes say about one window, one scope: the JSON the snapshot endpoint returns.</summary>
/// <param name="At">When the snapshot was taken (UTC).</param>
/// <param name="Window">The window: <c>1m</c>, <c>5m</c> or <c>1h</c>.</param>
/// <param name="Scope">Where the numbers come from.</param>
/// <param name="Endpoints">Endpoint series, most requests first.</param>
/// <param name="Tokens">Token series.</param>
/// <param name="Caches">Cache series.</param>
/// <param name="Events">Event series, most occurrences first.</param>
/// <param name="Gauges">Gauge series.</param>
/// <param name="Usage">Usage series (calls to a metered service such as an LLM), most cost first.</param>
/// <param name="Budgets">Usage budgets in their current period, in configuration order (each says whose spending it is, whatever the scope).</param>
/// <param name="Alerts">Alert rules as of their last evaluation, in configuration order (whatever the scope: each says its own).</param>
public sealed record InstrumentationSnapshot(
    DateTimeOffset At,
    string Window,
    SnapshotScope Scope,
    IReadOnlyList<EndpointSnapshot> Endpoints,
    IReadOnlyList<TokenSnapshot> Tokens,
    IReadOnlyList<CacheSnapshot> Caches,
    IReadOnlyList<EventSnapshot> Events,
    IReadOnlyList<GaugeSnapshot> Gauges,
    IReadOnlyList<UsageSnapshot> Usage,
    IReadOnlyList<BudgetSnapshot> Budgets,
    IReadOnlyList<AlertSnapshot> Alerts);

/// <summary>One endpoint series over the window.</summary>
/// <param name="Name">The metric name.</param>
/// <param name="Tags">Tag names and values.</param>
/// <param name="Requests">Completed calls in the window.</param>
/// <param name="Errors">Failed calls in the window.</param>
/// <param name="ErrorRate">Errors ÷ requests, 0 to 1, to four decimals (0 without requests).</param>
/// <param name="RatePerSecond">Requests per second over the time the window covers.</param>
/// <param name="P50Ms">Median duration in milliseconds (within 6.25 %); null without requests.</param>
/// <param name="P95Ms">95th percentile duration in milliseconds; null without requests.</param>
/// <param name="P99Ms">99th percentile duration in milliseconds; null without requests.</param>
/// <param name="InFlight">Calls running at the last collection.</param>
public sealed record EndpointSnapshot(
    string Name,
    IReadOnlyDictionary<string, string> Tags,
    long Requests,
    long Errors,
    double ErrorRate,
    double RatePerSecond,
    double? P50Ms,
    double? P95Ms,
    double? P99Ms,
    long InFlight);

/// <summary>One token series.</summary>
/// <param name="Name">The metric name.</param>
/// <param name="Tags">Tag names and values.</param>
/// <param name="IssuedLastHour">Tokens issued in the last hour.</param>
/// <param name="RevokedLastHour">Tokens revoked in the last hour.</param>
/// <param name="ActiveCount">Issued minus revoked within one token lifetime: tokens older than it have expired.</param>
public sealed record TokenSnapshot(
    string Name,
    IReadOnlyDictionary<string, string> Tags,
    long IssuedLastHour,
    long RevokedLastHour,
    long ActiveCount);

/// <summary>One cache series.</summary>
/// <param name="Name">The metric name.</param>
/// <param name="Tags">Tag names and values.</param>
/// <param name="Hits">Hits in the window.</param>
/// <param name="Misses">Misses in the window.</param>
/// <param name="HitRatePct">Hits ÷ lookups in percent, 0 to 100; null without lookups.</param>
/// <param name="EvictionsLastHour">Evictions in the last hour.</param>
public sealed record CacheSnapshot(
    string Name,
    IReadOnlyDictionary<string, string> Tags,
    long Hits,
    long Misses,
    double? HitRatePct,
    long EvictionsLastHour);

/// <summary>One event series over the window.</summary>
/// <param name="Name">The metric name.</param>
/// <param name="Tags">Tag names and values.</param>
/// <param name="Count">Occurrences in the window.</param>
/// <param name="RatePerSecond">Occurrences per second over the time the window covers.</param>
/// <param name="ValueSum">The sum of the amounts the occurrences carried (a <c>[Value]</c> parameter); 0 for events without one.</param>
public sealed record EventSnapshot(
    string Name,
    IReadOnlyDictionary<string, string> Tags,
    long Count,
    double RatePerSecond,
    long ValueSum = 0);

/// <summary>One gauge series.</summary>
/// <param name="Name">The metric name.</param>
/// <param name="Tags">Tag names and values.</param>
/// <param name="Value">The value at the last collection (summed over instances for the fleet).</param>
public sealed record GaugeSnapshot(
    string Name,
    IReadOnlyDictionary<string, string> Tags,
    long Value);

/// <summary>One usage series over the window: one model at one provider, say.</summary>
/// <param name="Name">The metric name.</param>
/// <param name="Tags">Tag names and values.</param>
/// <param name="Calls">Completed calls in the window, successful or not.</param>
/// <param name="Failures">Calls that failed (an exception or a cancellation).</param>
/// <param name="FailureRate">Failures ÷ calls, 0 to 1, to four decimals (0 without calls).</param>
/// <param name="InputTokens">Tokens sent to the model.</param>
/// <param name="OutputTokens">Tokens the model produced.</param>
/// <param name="CostMicros">What the calls cost, in millionths of a currency unit.</param>
/// <param name="AverageCostMicrosPerCall">Cost ÷ calls, in millionths, to two decimals (0 without calls).</param>
/// <param name="P50Ms">Median duration in milliseconds (within 6.25 %); null when not timed or without calls.</param>
/// <param name="P95Ms">95th percentile duration in milliseconds; null when not timed or without calls.</param>
/// <param name="OutputTokensPerSecond">Output tokens ÷ the calls' total duration in seconds; null when not timed.</param>
/// <param name="Rejected">Negative token counts or costs that were recorded as 0 instead.</param>
/// <param name="Unpriced">Calls whose tokens were recorded without a cost because no price covered their model: cost and budgets leave them out.</param>
public sealed record UsageSnapshot(
    string Name,
    IReadOnlyDictionary<string, string> Tags,
    long Calls,
    long Failures,
    double FailureRate,
    long InputTokens,
    long OutputTokens,
    long CostMicros,
    double AverageCostMicrosPerCall,
    double? P50Ms,
    double? P95Ms,
    double? OutputTokensPerSecond,
    long Rejected,
    long Unpriced);

/// <summary>Where a usage budget stands in its current period.</summary>
/// <param name="Name">The budget's name.</param>
/// <param name="Period"><c>hour</c>, <c>day</c> or <c>month</c> (UTC calendar).</param>
/// <param name="PeriodStart">When the current period began (UTC).</param>
/// <param name="Spent">What was spent in it, in the limit's unit.</param>
/// <param name="Limit">The limit, in currency units or tokens.</param>
/// <param name="Unit"><c>cost</c> or <c>tokens</c>.</param>
/// <param name="Percent">Spent ÷ limit in percent, to two decimals.</param>
/// <param name="State"><c>ok</c> below the first threshold, <c>warning</c> past it, <c>exhausted</c> at or past the limit.</param>
/// <param name="Source">Whose spending it is: <c>fleet</c> (every instance, from Redis), <c>history</c> (SQLite) or <c>local</c> (this process since it started).</param>
public sealed record BudgetSnapshot(
    string Name,
    string Period,
    DateTimeOffset PeriodStart,
    decimal Spent,
    decimal Limit,
    string Unit,
    double Percent,
    string State,
    string Source = "local");
