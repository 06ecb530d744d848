using System.Globalization;
using Instrumentation.Probes;

namespace Instrumentation.Sinks.Redis;

/// <summary>
/// The keys and fields of the fleet windows. A time bucket is one hash, <c>{prefix:v3:10s:start}</c> or
/// <c>{prefix:v3:1m:start}</c> (the braces are the Redis Cluster hash tag, so each bucket lives on one node). In it,
/// each series is one field named by its <see cref="SeriesInfo.Key"/>, valued as <see cref="PackedSeries"/>, and each
/// metric is described once by a field <c>#metric</c> (<c>kind,hasDuration,tokenLifetimeSeconds</c>): a bucket
/// carries all it needs to be read, so data that outlives its descriptions, or a Redis that lost them, cannot hide
/// series. Each instance's share of a bucket is a second hash, <c>{…}:instance:&lt;id&gt;</c>, laid out the same.
/// </summary>
internal sealed class RedisLayout(string prefix)
{
    /// <summary>10-second buckets: windows up to 5 minutes read them.</summary>
    public static readonly BucketSize Fine = new("10s", 10, Kept: TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(10), InstanceKept: TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(10));

    /// <summary>1-minute buckets: the hour reads them, token lifetimes up to a day; an instance's share serves the hour.</summary>
    public static readonly BucketSize Coarse = new("1m", 60, Kept: TimeSpan.FromDays(1), InstanceKept: TimeSpan.FromHours(1));

    /// <summary>The first character of a field that describes a metric; no series key starts with it.</summary>
    public const char DescriptionMark = '#';

    public string InstancesKey => $"{{{prefix}}}:instances";

    /// <summary>The fleet's alerting lease: the id of the instance that evaluates fleet alert rules, expiring unless renewed.</summary>
    public string AlertLeaseKey => $"{{{prefix}}}:alerts:lease";

    /// <summary>The fleet alert rules' states, a hash by rule name, written by the lease holder.</summary>
    public string AlertStatesKey => $"{{{prefix}}}:alerts:states";

    /// <summary>
    /// The layout's version in its keys: instances of a version before it read <c>{prefix:10s:start}</c> and
    /// <c>{prefix}:values:id</c> and cannot parse this layout's fields, so during a rolling upgrade each version sees
    /// only its own data instead of failing.
    /// </summary>
    public const string Version = "v3";

    public string Bucket(BucketSize size, long start) => $"{{{prefix}:{Version}:{size.Name}:{start}}}";

    public static string Applied(string bucket) => $"{bucket}:applied";

    /// <summary>One instance's share of a time bucket: the same hash tag, so the same node and script call.</summary>
    public string InstanceBucket(BucketSize size, long start, string instance) => $"{Bucket(size, start)}:instance:{instance}";

    /// <summary>This instance's current values (in flight, gauges), one field per series key.</summary>
    public string Values(string instance) => $"{{{prefix}}}:{Version}:values:{instance}";

    public static string DescriptionField(string metric) => DescriptionMark + metric;

    /// <summary>What a metric's series share: <c>kind,hasDuration,tokenLifetimeSeconds</c>, for example <c>endpoint,1,0</c>.</summary>
    public static string Describe(SeriesInfo series) =>
        string.Create(CultureInfo.InvariantCulture, $"{series.Kind.ToName()},{(series.HasDuration ? 1 : 0)},{(long)series.TokenLifetime.TotalSeconds}");

    /// <summary>The series of <paramref name="metric"/> with <paramref name="tags"/>, the metric described as <paramref name="description"/>; <see langword="null"/> when the description is not ours.</summary>
    public static SeriesInfo? Parse(string metric, IReadOnlyList<KeyValuePair<string, string>> tags, string description)
    {
        string[] parts = description.Split(',');
        if (parts.Length != 3
            || !ProbeKindExtensions.TryParseName(parts[0], out ProbeKind kind)
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out long lifetimeSeconds))
        {
            return null;
        }

        return new SeriesInfo(metric, kind, tags, parts[1] == "1", TimeSpan.FromSeconds(lifetimeSeconds));
    }
}

/// <summary>A bucket width, its name in keys, how long a bucket is read, and how long an instance's share of it is.</summary>
internal sealed record BucketSize(string Name, long Seconds, TimeSpan Kept, TimeSpan InstanceKept)
{
    public long StartOf(long unixSeconds) => unixSeconds - (unixSeconds % Seconds);

    /// <summary>Seconds a bucket key lives after its last write: it is read until <see cref="Kept"/> after its start.</summary>
    public long TimeToLive => (long)Kept.TotalSeconds + Seconds;

    public long InstanceTimeToLive => (long)InstanceKept.TotalSeconds + Seconds;
}
