using System.Collections.Concurrent;
using Instrumentation;

namespace Instrumentation.Samples.Console;

/// <summary>Which part of a document an edit touched; an enum tag (no boxing, no hashing).</summary>
public enum Aspect
{
    Text,
    Layout,
    Comments,
}

/// <summary>An ordinary service: calls to its tracked methods are intercepted and timed.</summary>
public sealed class OrderService
{
    private readonly Random _random = new(1);

    [TrackEndpoint("orders.checkout")]
    public async Task<bool> CheckoutAsync([Tag("client")] string client)
    {
        await Task.Delay(_random.Next(1, 6));
        return _random.Next(20) == 0 ? throw new InvalidOperationException("payment declined") : true;
    }
}

/// <summary>Probe methods: the generator writes their bodies.</summary>
public static partial class ShopProbes
{
    [TrackTokenIssue("auth.tokens", LifetimeSeconds = 900)]
    public static partial void TokenIssued();

    [TrackTokenRevoke("auth.tokens")]
    public static partial void TokenRevoked();

    [TrackCacheLookup("catalog.cache")]
    public static partial void CatalogLookup(bool hit);

    [TrackEvent("documents.edits")]
    public static partial void DocumentEdited(Aspect aspect);

    /// <summary>Each packed order adds its item count to the series' valueSum.</summary>
    [TrackEvent("orders.packed")]
    public static partial void OrderPacked([Value] int items);

    /// <summary>One call to a language model: its tokens, priced by model from the registry's prices (Program.cs).</summary>
    [TrackUsage("assistant.llm")]
    public static partial void ModelAnswered([Tag("model")] string model, [Tag("provider")] string provider, [Value] long inputTokens, [Value] long outputTokens, bool failed);

    internal static readonly ConcurrentQueue<int> Jobs = new();

    [TrackGauge("jobs.queued")]
    internal static int QueuedJobs() => Jobs.Count;
}
