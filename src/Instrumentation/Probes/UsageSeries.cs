using System.Runtime.CompilerServices;
using Instrumentation.Metrics;

namespace Instrumentation.Probes;

/// <summary>
/// A usage series: calls to a metered service, their failures, the tokens sent and received, what they cost (in
/// millionths of a currency unit), and their durations when the probe is timed. A negative token count or cost is
/// recorded as 0 and counted in <c>rejected</c>, never thrown.
/// </summary>
public sealed class UsageSeries : TimedSeries
{
    internal UsageSeries(SeriesInfo info, DurationInstruments durations)
        : base(info, info.HasDuration ? SeriesLayout.TimedUsage : SeriesLayout.Usage, durations)
    {
    }

    /// <summary>Records one call with its tokens and cost (timed probes: without a duration). 0 bytes, no lock.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Record(long inputTokens, long outputTokens, long costMicros, bool failed = false)
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

    /// <summary>Adds a non-negative amount (0 adds nothing); a negative one adds nothing and counts 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int AddNonNegative(ref long field, long amount)
    {
        if (amount > 0)
        {
            Interlocked.Add(ref field, amount);
        }

        return amount < 0 ? 1 : 0;
    }
}
