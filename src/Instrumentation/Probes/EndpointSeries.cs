using System.Runtime.CompilerServices;
using Instrumentation.Metrics;

namespace Instrumentation.Probes;

/// <summary>An endpoint series: calls, failures, calls in flight and a latency histogram.</summary>
public sealed class EndpointSeries : TimedSeries
{
    /// <summary>Read once: a JIT-time constant on the hot path, never a second copy of the layout.</summary>
    private static readonly int InFlight = SeriesLayout.Endpoint.ValueField;

    internal EndpointSeries(SeriesInfo info, DurationInstruments durations)
        : base(info, SeriesLayout.Endpoint, durations)
    {
    }

    /// <summary>Counts a call in flight and returns its start timestamp, for <see cref="End"/>. 0 bytes, no lock.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public override long Begin()
    {
        AddWatchingCollisions(ref Fields(out int stripe), stripe, InFlight, 1);
        MarkChanged();
        return Timing.Now();
    }

    /// <summary>Records the call begun at <paramref name="startTimestamp"/>: duration, outcome, one call fewer in flight.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public override void End(long startTimestamp, bool failed)
    {
        long nanoseconds = Timing.NanosecondsSince(startTimestamp);
        ref long fields = ref Fields(out int stripe);
        Interlocked.Decrement(ref Unsafe.Add(ref fields, InFlight));
        Complete(ref fields, stripe, nanoseconds, failed);
    }

    /// <summary>Records a completed call measured elsewhere (no in-flight accounting).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Record(long elapsedNanoseconds, bool failed)
    {
        Complete(ref Fields(out int stripe), stripe, elapsedNanoseconds, failed);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Complete(ref long fields, int stripe, long nanoseconds, bool failed)
    {
        AddTimedDuration(ref fields, stripe, nanoseconds, failed);
        MarkChanged();
    }
}
