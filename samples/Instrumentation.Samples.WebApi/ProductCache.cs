using System.Collections.Concurrent;
using Instrumentation;

namespace Instrumentation.Samples.WebApi;

/// <summary>A small cache: lookups are hits or misses, evictions are counted.</summary>
public sealed class ProductCache
{
    private const int Capacity = 50;
    private readonly ConcurrentDictionary<int, string> _products = new();

    /// <summary>The fill of the cache, read by the collector every interval.</summary>
    [TrackGauge("catalog.cache.size")]
    internal static int Size() => s_size;

    private static int s_size;

    [TrackCacheLookup("catalog.cache")]
    public bool TryGet(int id, out string? product) => _products.TryGetValue(id, out product);

    public void Add(int id, string product)
    {
        if (_products.Count >= Capacity && !_products.IsEmpty)
        {
            Evict(_products.Keys.First());
        }

        _products[id] = product;
        Volatile.Write(ref s_size, _products.Count);
    }

    [TrackCacheEviction("catalog.cache")]
    public void Evict(int id)
    {
        _products.TryRemove(id, out _);
        Volatile.Write(ref s_size, _products.Count);
    }
}
