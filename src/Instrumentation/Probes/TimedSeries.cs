using System.ComponentModel;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using Instrumentation.Metrics;

namespace Instrumentation.Probes;

/// <summary>A series that keeps durations and can be timed with a <see cref="TrackingScope"/>.</summary>
public abstract class TimedSeries : Series
{
    private readonly DurationInstruments _durations;
    private long _scopeFailures;

    private protected TimedSeries(SeriesInfo info, SeriesLayout layout, DurationInstruments durations)
        : base(info, layout)
    {
        _durations = durations;
    }

    /// <summary>Starts timing a block; dispose the scope to record it. 0 bytes, no lock.</summary>
    public TrackingScope Start() => new(this, Begin());

    /// <summary>Marks the start of a timed block and returns its start timestamp.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public abstract long Begin();

    /// <summary>Records a timed block that began at <paramref name="startTimestamp"/>.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public abstract void End(long startTimestamp, bool failed);

    /// <summary>Marks one failure of a scope still running; the next scope of this series to end counts it (see <see cref="TrackingScope"/>).</summary>
    internal void MarkScopeFailed() => Interlocked.Increment(ref _scopeFailures);

    /// <summary>Ends a scope: a failed call when a failure marked by a scope of this series is waiting, else a successful one.</summary>
    internal void EndScope(long startTimestamp) => End(startTimestamp, failed: Volatile.Read(ref _scopeFailures) > 0 && TakeScopeFailure());

    /// <summary>Adds one duration to the histogram and, while a meter listener is enabled, to its duration instrument.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private protected void AddTimedDuration(ref long fields, int stripe, long nanoseconds)
    {
        AddDuration(ref fields, stripe, nanoseconds);
        foreach (Histogram<double> histogram in _durations.Histograms)
        {
            if (histogram.Enabled)
            {
                DurationInstruments.Record(histogram, this, nanoseconds);
            }
        }
    }

    private bool TakeScopeFailure()
    {
        long waiting = Volatile.Read(ref _scopeFailures);
        while (waiting > 0)
        {
            long found = Interlocked.CompareExchange(ref _scopeFailures, waiting - 1, waiting);
            if (found == waiting)
            {
                return true;
            }

            waiting = found;
        }

        return false;
    }
}
