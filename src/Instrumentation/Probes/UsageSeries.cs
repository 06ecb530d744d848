using System.Runtime.CompilerServices;
using Instrumentation.Metrics;

namespace Instrumentation.Probes;

/// <summary>
/// A usage series: calls to a metered service, their failures, the tokens sent and received, what they cost (in
/// millionths of a currency unit), and their durations when the probe is timed. A negative token count or cost is
/// recorded as 0 and counted in <c>rejected</c>, never thrown, as is one past <see cref="MaxAmount"/>, so totals cannot wrap. The <c>Priced</c> methods price the tokens by the
/// series' <c>model</c> tag; a call they cannot price counts in <c>unpriced</c>.
/// </summary>
public sealed class UsageSeries : TimedSeries
{
    /// <summary>The largest token count or cost one record adds (a trillion); a larger one is rejected, so sums stay far from a long's limit.</summary>
    public const long MaxAmount = 1_000_000_000_000;

    private readonly ProbeRegistry _registry;
    private readonly string? _model;
    private PriceLookup _price = PriceLookup.None;

    internal UsageSeries(SeriesInfo info, ProbeRegistry registry)
        : base(info, info.HasDuration ? SeriesLayout.TimedUsage : SeriesLayout.Usage, registry.UsageDurations)
    {
        _registry = registry;
        _model = info.Tags.FirstOrDefault(t => t.Key == "model").Value;
    }

    /// <summary>Starts timing one call; add its tokens on the scope and dispose it to record the call. 0 bytes, no lock.</summary>
    public UsageScope StartCall() => new(this, Start());

    /// <summary>Records one call, its tokens priced by the registry's <see cref="ProbeRegistry.UsagePrices"/> (timed probes: without a duration). 0 bytes, no lock.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void RecordPriced(long inputTokens, long outputTokens, bool failed) =>
        RecordPriced(inputTokens, outputTokens, _registry.UsagePrices, failed);

    /// <summary>Records one call, its tokens priced by <paramref name="prices"/> (timed probes: without a duration). 0 bytes, no lock.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void RecordPriced(long inputTokens, long outputTokens, UsagePriceTable prices, bool failed)
    {
        bool priced = TryPrice(prices, inputTokens, outputTokens, out long cost);
        Record(inputTokens, outputTokens, cost, failed);
        CountUnpriced(priced);
    }

    /// <summary>Records one call that took <paramref name="elapsedNanoseconds"/>, its tokens priced by <paramref name="prices"/> (untimed probes ignore the duration). 0 bytes, no lock.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void RecordPriced(long inputTokens, long outputTokens, UsagePriceTable prices, long elapsedNanoseconds, bool failed)
    {
        bool priced = TryPrice(prices, inputTokens, outputTokens, out long cost);
        Record(inputTokens, outputTokens, cost, elapsedNanoseconds, failed);
        CountUnpriced(priced);
    }

    /// <summary>Adds tokens priced by the registry's <see cref="ProbeRegistry.UsagePrices"/> without counting a call (a timed scope's caller sets them before the scope ends). 0 bytes, no lock.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AddPricedAmounts(long inputTokens, long outputTokens)
    {
        bool priced = TryPrice(_registry.UsagePrices, inputTokens, outputTokens, out long cost);
        AddAmounts(inputTokens, outputTokens, cost);
        CountUnpriced(priced);
    }

    /// <summary>Records one call with its tokens and cost (timed probes: without a duration). 0 bytes, no lock.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Record(long inputTokens, long outputTokens, long costMicros, bool failed)
    {
        ref long fields = ref Fields(out int stripe);
        AddWatchingCollisions(ref fields, stripe, UsageFields.Calls, 1);
        if (failed)
        {
            Interlocked.Increment(ref Unsafe.Add(ref fields, UsageFields.Failures));
        }

        AddAmounts(ref fields, inputTokens, outputTokens, costMicros);
        MarkChanged();
    }

    /// <summary>Records one call that took <paramref name="elapsedNanoseconds"/>, with its tokens and cost (untimed probes ignore the duration). 0 bytes, no lock.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Record(long inputTokens, long outputTokens, long costMicros, long elapsedNanoseconds, bool failed)
    {
        if (!Layout.HasDuration)
        {
            Record(inputTokens, outputTokens, costMicros, failed);
            return;
        }

        ref long fields = ref Fields(out int stripe);
        AddTimedDuration(ref fields, stripe, elapsedNanoseconds, failed);
        AddAmounts(ref fields, inputTokens, outputTokens, costMicros);
        MarkChanged();
    }

    /// <summary>Adds tokens and cost to the series without counting a call: a timed scope's caller sets them before the scope ends. 0 bytes, no lock.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AddAmounts(long inputTokens, long outputTokens, long costMicros)
    {
        AddAmounts(ref Fields(out _), inputTokens, outputTokens, costMicros);
        MarkChanged();
    }

    /// <inheritdoc />
    public override long Begin() => Timing.Now();

    /// <inheritdoc />
    public override void End(long startTimestamp, bool failed) => Record(0, 0, 0, Timing.NanosecondsSince(startTimestamp), failed);

    /// <summary>
    /// Prices the tokens with this series' model's price in <paramref name="prices"/>, looked up once per table;
    /// <see langword="true"/> also when there is nothing to price (no tokens).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TryPrice(UsagePriceTable prices, long inputTokens, long outputTokens, out long costMicros)
    {
        PriceLookup lookup = Volatile.Read(ref _price);
        if (!ReferenceEquals(lookup.Table, prices))
        {
            lookup = new PriceLookup(prices, _model is null ? null : prices.Find(_model));
            Volatile.Write(ref _price, lookup);
        }

        if (lookup.Price is { } price)
        {
            costMicros = price.CostMicros(inputTokens, outputTokens);
            return true;
        }

        costMicros = 0;
        return inputTokens <= 0 && outputTokens <= 0;
    }

    /// <summary>Counts a call whose tokens had no price; added after the call itself, so no collection sees it without its call.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void CountUnpriced(bool priced)
    {
        if (!priced)
        {
            Interlocked.Increment(ref Unsafe.Add(ref Fields(out _), UsageFields.Unpriced));
            MarkChanged();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddAmounts(ref long fields, long inputTokens, long outputTokens, long costMicros)
    {
        int rejected = 0;
        rejected += AddNonNegative(ref Unsafe.Add(ref fields, UsageFields.InputTokens), inputTokens);
        rejected += AddNonNegative(ref Unsafe.Add(ref fields, UsageFields.OutputTokens), outputTokens);
        rejected += AddNonNegative(ref Unsafe.Add(ref fields, UsageFields.CostMicros), costMicros);
        if (rejected > 0)
        {
            Interlocked.Add(ref Unsafe.Add(ref fields, UsageFields.Rejected), rejected);
        }
    }

    /// <summary>Adds an amount from 1 to <see cref="MaxAmount"/> (0 adds nothing); a negative or larger one adds nothing and counts 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int AddNonNegative(ref long field, long amount)
    {
        if ((ulong)(amount - 1) < MaxAmount)
        {
            Interlocked.Add(ref field, amount);
            return 0;
        }

        return amount == 0 ? 0 : 1;
    }

    /// <summary>The price this series' model has in one table, so a table is searched once per series, not per call.</summary>
    private sealed record PriceLookup(UsagePriceTable? Table, ModelPrice? Price)
    {
        public static readonly PriceLookup None = new(null, null);
    }
}
