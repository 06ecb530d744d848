using Instrumentation;

namespace Instrumentation.EndToEnd.Tests;

/// <summary>Probe methods declared in the tests assembly; one shares its metric with the library.</summary>
internal static partial class TestProbes
{
    [TrackTokenRevoke("e2e.tokens")]
    internal static partial void TokenRevoked(string audience);

    [TrackCacheLookup("e2e.cache")]
    internal static partial void CacheLookup(bool hit, [Tag("shard")] int shardNumber);

    [TrackCacheEviction("e2e.cache")]
    internal static partial void CacheEvicted([Tag("shard")] int shardNumber);

    [TrackEvent("e2e.events")]
    internal static partial void Happened(string kind);

    [TrackEvent("e2e.uploads")]
    internal static partial void Uploaded([Tag("kind")] string kind, [Value] long bytes);

    [TrackEvent("e2e.transfers")]
    internal static partial TrackingScope Transferring([Value] int items);

    [TrackGauge("e2e.presence")]
    internal static partial void PresenceChanged(long delta);

    internal static int QueueLength;

    [TrackGauge("e2e.queue")]
    internal static int ReadQueueLength() => QueueLength;
}
