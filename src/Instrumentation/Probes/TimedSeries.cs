using System.ComponentModel;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using Instrumentation.Metrics;

namespace Instrumentation.Probes;

/// <summary>A series that keeps durations and can be timed with a <see cref="TrackingScope"/>.</summary>
public abstract class TimedSeries : Series
{
    private readonly DurationInstruments _durations;
    private FailedScopes? _failedScopes;

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

    /// <summary>Marks the scope that began at <paramref name="startTimestamp"/> as failed; it counts when that scope ends.</summary>
    internal void MarkScopeFailed(long startTimestamp)
    {
        if (Volatile.Read(ref _failedScopes) is not { } failed)
        {
            Interlocked.CompareExchange(ref _failedScopes, new FailedScopes(), null);
            failed = _failedScopes!;
        }

        failed.Mark(startTimestamp);
    }

    /// <summary>Ends the scope that began at <paramref name="startTimestamp"/>: a failed call if it was marked failed.</summary>
    internal void EndScope(long startTimestamp) =>
        End(startTimestamp, failed: Volatile.Read(ref _failedScopes) is { } failed && failed.Take(startTimestamp));

    /// <summary>Adds one duration to the histogram and, while a meter listener is enabled, to its duration instrument.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private protected void AddTimedDuration(ref long fields, int stripe, long nanoseconds, bool failed)
    {
        AddDuration(ref fields, stripe, nanoseconds, failed);
        foreach (Histogram<double> histogram in _durations.Histograms)
        {
            if (histogram.Enabled)
            {
                DurationInstruments.Record(histogram, this, nanoseconds);
            }
        }
    }
}
