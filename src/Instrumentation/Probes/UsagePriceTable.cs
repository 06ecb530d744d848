using System.Collections.Frozen;

namespace Instrumentation.Probes;

/// <summary>
/// Prices by model id (compared without case), fixed when made: what usage recorded without a cost is priced with. A
/// registry's table (<see cref="ProbeRegistry.UsagePrices"/>) prices the <c>[TrackUsage]</c> probe methods that take no
/// <c>costMicros</c>, by their series' <c>model</c> tag.
/// </summary>
public sealed class UsagePriceTable
{
    private readonly FrozenDictionary<string, ModelPrice> _prices;

    private UsagePriceTable(FrozenDictionary<string, ModelPrice> prices)
    {
        _prices = prices;
    }

    /// <summary>A table without prices: everything it is asked to price is unpriced.</summary>
    public static UsagePriceTable Empty { get; } = new(FrozenDictionary<string, ModelPrice>.Empty);

    /// <summary>How many models have a price.</summary>
    public int Count => _prices.Count;

    /// <summary>A table of <paramref name="prices"/> as they are now (later changes to the prices are not seen).</summary>
    /// <exception cref="ArgumentException">A model id is empty, or a price is outside 0 to <see cref="UsagePrice.MaxPerMillion"/>.</exception>
    public static UsagePriceTable From(IEnumerable<KeyValuePair<string, UsagePrice>> prices)
    {
        ArgumentNullException.ThrowIfNull(prices);
        var table = new Dictionary<string, ModelPrice>(StringComparer.OrdinalIgnoreCase);
        foreach ((string model, UsagePrice price) in prices)
        {
            ArgumentException.ThrowIfNullOrEmpty(model, nameof(prices));
            ArgumentNullException.ThrowIfNull(price, nameof(prices));
            if (price.InvalidSetting() is { } setting)
            {
                throw new ArgumentException($"The {setting} of '{model}' is out of range; a price per million tokens is from 0 to {UsagePrice.MaxPerMillion:N0}.", nameof(prices));
            }

            table[model] = new ModelPrice(price.InputPerMillion, price.OutputPerMillion);
        }

        return table.Count == 0 ? Empty : new UsagePriceTable(table.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>What the tokens cost on <paramref name="model"/>, in millionths of a currency unit; <see langword="false"/> when it has no price.</summary>
    public bool TryGetCostMicros(string model, long inputTokens, long outputTokens, out long costMicros)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (Find(model) is { } price)
        {
            costMicros = price.CostMicros(inputTokens, outputTokens);
            return true;
        }

        costMicros = 0;
        return false;
    }

    /// <summary>The price of <paramref name="model"/>, or null.</summary>
    internal ModelPrice? Find(string model) => _prices.GetValueOrDefault(model);
}
