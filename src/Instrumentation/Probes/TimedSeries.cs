using System.ComponentModel;

namespace Instrumentation.Probes;

/// <summary>A series that keeps durations and can be timed with a <see cref="TrackingScope"/>.</summary>
public abstract class TimedSeries : Series
{
    private protected TimedSeries(SeriesInfo info, SeriesLayout layout)
        : base(info, layout)
    {
    }

    /// <summary>Starts timing a block; dispose the scope to record it. 0 bytes, no lock.</summary>
    public TrackingScope Start() => new(this, Begin());

    /// <summary>Marks the start of a timed block and returns its start timestamp.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public abstract long Begin();

    /// <summary>Records a timed block that began at <paramref name="startTimestamp"/>.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public abstract void End(long startTimestamp, bool failed);

    /// <summary>Counts one failure of the block being timed, without ending it.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public abstract void MarkFailed();
}
