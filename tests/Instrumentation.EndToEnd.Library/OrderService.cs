namespace Instrumentation.EndToEnd.Library;

/// <summary>An ordinary service whose tracked methods are intercepted wherever the generator sees a call.</summary>
public sealed class OrderService
{
    private readonly Dictionary<string, string> _cache = new(StringComparer.Ordinal) { ["known"] = "value" };

    /// <summary>Places an order; throws for the client "bad".</summary>
    [TrackEndpoint("e2e.orders.place")]
    public int Place([Tag("client")] string client, int quantity) =>
        client == "bad" ? throw new InvalidOperationException("rejected") : quantity;

    /// <summary>Saves; completes synchronously unless <paramref name="yield"/>, fails when <paramref name="fail"/>.</summary>
    [TrackEndpoint("e2e.orders.save")]
    public async ValueTask<int> SaveAsync(bool fail, bool yield)
    {
        if (yield)
        {
            await Task.Yield();
        }

        return fail ? throw new InvalidOperationException("save failed") : 1;
    }

    /// <summary>Flushes; returns a completed task.</summary>
    [TrackEndpoint("e2e.orders.flush")]
    public Task FlushAsync() => Task.CompletedTask;

    /// <summary>The TryGet pattern: true is a hit.</summary>
    [TrackCacheLookup("e2e.orders.cache")]
    public bool TryGet(string key, out string? value) => _cache.TryGetValue(key, out value);

    /// <summary>Places <paramref name="count"/> orders from inside the library (intercepted by the library's own generator run).</summary>
    public int PlaceFromLibrary(int count)
    {
        int total = 0;
        for (int i = 0; i < count; i++)
        {
            total += Place("library", 1);
        }

        return total;
    }
}
