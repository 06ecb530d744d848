using System.Runtime.CompilerServices;
using Instrumentation.Metrics;

namespace Instrumentation.Probes;

/// <summary>An endpoint series: calls, failures, calls in flight and a latency histogram.</summary>
public sealed class EndpointSeries : TimedSeries
{
    private const int Failures = EndpointCounters.Failures;
    private const int InFlight = EndpointCounters.Count;

    internal EndpointSeries(SeriesInfo info, DurationInstruments durations)
        : base(info, SeriesLayout.Endpoint, durations)
    {
    }

    /// <summary>Counts a call in flight and returns its start timestamp, for <see cref="End"/>. 0 bytes, no lock.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public override long Begin()
    {
        Interlocked.Increment(ref Unsafe.Add(ref CurrentStripe(), InFlight));
        return Timing.Now();
    }

    /// <summary>Records the call begun at <paramref name="startTimestamp"/>: duration, outcome, one call fewer in flight.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public override void End(long startTimestamp, bool failed)
    {
        long nanoseconds = Timing.NanosecondsSince(startTimestamp);
        ref long stripe = ref CurrentStripe();
        Interlocked.Decrement(ref Unsafe.Add(ref stripe, InFlight));
        AddTimedDuration(ref stripe, nanoseconds);
        if (failed)
        {
            Interlocked.Increment(ref Unsafe.Add(ref stripe, Failures));
        }
    }

    /// <summary>Records a completed call measured elsewhere (no in-flight accounting).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Record(long elapsedNanoseconds, bool failed)
    {
        ref long stripe = ref CurrentStripe();
        AddTimedDuration(ref stripe, elapsedNanoseconds);
        if (failed)
        {
            Interlocked.Increment(ref Unsafe.Add(ref stripe, Failures));
        }
    }
}
