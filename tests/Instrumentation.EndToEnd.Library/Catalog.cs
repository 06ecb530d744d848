namespace Instrumentation.EndToEnd.Library;

/// <summary>A tracked interface method: calls through the interface are intercepted.</summary>
public interface IStock
{
    /// <summary>Reserves items of one product.</summary>
    [TrackEvent("e2e.stock.reserved")]
    void Reserve([Tag("product")] string product, int count);
}

/// <summary>An implementation the tests call through <see cref="IStock"/>.</summary>
public sealed class Stock : IStock
{
    /// <summary>How many items were reserved, to prove the real method ran.</summary>
    public int Reserved { get; private set; }

    /// <inheritdoc />
    public void Reserve(string product, int count) => Reserved += count;
}

/// <summary>Tracked static, generic and extension methods.</summary>
public static class CatalogFunctions
{
    /// <summary>A static tracked method.</summary>
    [TrackEndpoint("e2e.catalog.price")]
    public static decimal Price(decimal net) => net * 1.2m;

    /// <summary>A generic tracked method with a constraint.</summary>
    [TrackEvent("e2e.catalog.first")]
    public static T? FirstOrNone<T>(IReadOnlyList<T> items)
        where T : class => items.Count > 0 ? items[0] : null;

    /// <summary>A tracked extension method.</summary>
    [TrackTokenRevoke("e2e.catalog.tokens")]
    public static void RevokeAll(this List<string> tokens) => tokens.Clear();
}

/// <summary>A generic type whose tracked member is intercepted by one generic interceptor, in any assembly.</summary>
/// <typeparam name="T">What the shelf holds.</typeparam>
public sealed class Shelf<T>
{
    private readonly List<T> _items = [];

    /// <summary>How many items are on the shelf.</summary>
    public int Count => _items.Count;

    /// <summary>Puts an item on the shelf.</summary>
    [TrackEvent("e2e.shelf.put")]
    public void Put(T item) => _items.Add(item);
}

/// <summary>A struct whose tracked method is intercepted with its receiver by reference: the caller's copy changes.</summary>
public struct Tally
{
    /// <summary>How many times <see cref="Add"/> ran on this copy.</summary>
    public int Count { get; private set; }

    /// <summary>Adds one.</summary>
    [TrackEvent("e2e.tally.add")]
    public void Add() => Count++;
}
