using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Instrumentation.Probes;

namespace Instrumentation.Interception;

/// <summary>
/// Records an intercepted call whose task has not completed successfully by the time it returns. Used by
/// generated interceptors, which handle the synchronous paths themselves (0 bytes).
/// </summary>
/// <remarks>
/// The caller gets what the method returned: the same <see cref="Task"/> object, with its status and every
/// exception; a <see cref="ValueTask"/> is consumed once (<see cref="ValueTask.AsTask"/>) and handed back over
/// that task, so an <c>IValueTaskSource</c> is never awaited twice. Recording runs in a continuation
/// registered before the caller can await (synchronous, on the completing thread): it happens before the
/// caller resumes when the task completes inline, and usually just after when the task was created with
/// <see cref="TaskCreationOptions.RunContinuationsAsynchronously"/> (both continuations are queued then), or when
/// the caller blocks on it (<c>Wait()</c>, <c>.Result</c>, <c>GetAwaiter().GetResult()</c>) while it completes on
/// another thread: the blocked thread may see it complete before the continuation has run.
/// A pending call costs one continuation (and one task for a pending ValueTask).
/// A method that returns a null task gets null back, as its caller would have without interception.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class PendingCall
{
    /// <summary>Ends a timed call when <paramref name="task"/> completes; a fault or cancellation is a failure.</summary>
    [return: NotNullIfNotNull(nameof(task))]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Task? Timed(Task? task, TimedSeries series, long startTimestamp)
    {
        if (task is null || task.IsCompletedSuccessfully)
        {
            series.End(startTimestamp, failed: false);
        }
        else
        {
            EndWhenDone(task, series, startTimestamp);
        }

        return task;
    }

    /// <inheritdoc cref="Timed(Task, TimedSeries, long)"/>
    [return: NotNullIfNotNull(nameof(task))]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Task<T>? Timed<T>(Task<T>? task, TimedSeries series, long startTimestamp)
    {
        Timed((Task?)task, series, startTimestamp);
        return task;
    }

    /// <inheritdoc cref="Timed(Task, TimedSeries, long)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ValueTask Timed(ValueTask task, TimedSeries series, long startTimestamp)
    {
        if (task.IsCompletedSuccessfully)
        {
            series.End(startTimestamp, failed: false);
            return task;
        }

        return new ValueTask(Timed(task.AsTask(), series, startTimestamp));
    }

    /// <inheritdoc cref="Timed(Task, TimedSeries, long)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ValueTask<T> Timed<T>(ValueTask<T> task, TimedSeries series, long startTimestamp)
    {
        if (task.IsCompletedSuccessfully)
        {
            series.End(startTimestamp, failed: false);
            return task;
        }

        return new ValueTask<T>(Timed(task.AsTask(), series, startTimestamp));
    }

    /// <summary>Counts an untimed call once <paramref name="task"/> completes successfully; a failed call is not counted.</summary>
    [return: NotNullIfNotNull(nameof(task))]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Task? Counted(Task? task, Series series, CountedAs what)
    {
        if (task is null || task.IsCompletedSuccessfully)
        {
            Count(series, what);
        }
        else
        {
            CountWhenDone(task, series, what);
        }

        return task;
    }

    /// <inheritdoc cref="Counted(Task, Series, CountedAs)"/>
    [return: NotNullIfNotNull(nameof(task))]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Task<T>? Counted<T>(Task<T>? task, Series series, CountedAs what)
    {
        Counted((Task?)task, series, what);
        return task;
    }

    /// <inheritdoc cref="Counted(Task, Series, CountedAs)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ValueTask Counted(ValueTask task, Series series, CountedAs what)
    {
        if (task.IsCompletedSuccessfully)
        {
            Count(series, what);
            return task;
        }

        return new ValueTask(Counted(task.AsTask(), series, what));
    }

    /// <inheritdoc cref="Counted(Task, Series, CountedAs)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ValueTask<T> Counted<T>(ValueTask<T> task, Series series, CountedAs what)
    {
        if (task.IsCompletedSuccessfully)
        {
            Count(series, what);
            return task;
        }

        return new ValueTask<T>(Counted(task.AsTask(), series, what));
    }

    /// <summary>Counts a cache lookup whose result says hit by being <c>true</c>, once it completes successfully.</summary>
    [return: NotNullIfNotNull(nameof(task))]
    public static Task<bool>? LookupTrue(Task<bool>? task, CacheSeries series)
    {
        if (task is null)
        {
            return task;
        }

        if (task.IsCompletedSuccessfully)
        {
            series.Lookup(task.Result);
        }
        else
        {
            WhenDone(
                task,
                static (t, state) =>
                {
                    if (t.IsCompletedSuccessfully)
                    {
                        ((CacheSeries)state!).Lookup(((Task<bool>)t).Result);
                    }
                },
                series);
        }

        return task;
    }

    /// <inheritdoc cref="LookupTrue(Task{bool}, CacheSeries)"/>
    /// <remarks>A completed ValueTask is read once and handed back as a new ValueTask of its result.</remarks>
    public static ValueTask<bool> LookupTrue(ValueTask<bool> task, CacheSeries series)
    {
        if (task.IsCompletedSuccessfully)
        {
            bool hit = task.Result;
            series.Lookup(hit);
            return new ValueTask<bool>(hit);
        }

        return new ValueTask<bool>(LookupTrue(task.AsTask(), series));
    }

    /// <summary>Counts a cache lookup whose result says hit by not being null, once it completes successfully.</summary>
    [return: NotNullIfNotNull(nameof(task))]
    public static Task<T>? LookupNotNull<T>(Task<T>? task, CacheSeries series)
    {
        if (task is null)
        {
            return task;
        }

        if (task.IsCompletedSuccessfully)
        {
            series.Lookup(task.Result is not null);
        }
        else
        {
            WhenDone(
                task,
                static (t, state) =>
                {
                    if (t.IsCompletedSuccessfully)
                    {
                        ((CacheSeries)state!).Lookup(((Task<T>)t).Result is not null);
                    }
                },
                series);
        }

        return task;
    }

    /// <inheritdoc cref="LookupNotNull{T}(Task{T}, CacheSeries)"/>
    /// <remarks>A completed ValueTask is read once and handed back as a new ValueTask of its result.</remarks>
    public static ValueTask<T> LookupNotNull<T>(ValueTask<T> task, CacheSeries series)
    {
        if (task.IsCompletedSuccessfully)
        {
            T result = task.Result;
            series.Lookup(result is not null);
            return new ValueTask<T>(result);
        }

        return new ValueTask<T>(LookupNotNull(task.AsTask(), series));
    }

    // The pending paths, out of line: they allocate a continuation anyway, and keep the inlined paths small.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void EndWhenDone(Task task, TimedSeries series, long startTimestamp) =>
        WhenDone(task, static (t, state) => ((TimedCall)state!).End(t), new TimedCall(series, startTimestamp));

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void CountWhenDone(Task task, Series series, CountedAs what) =>
        WhenDone(
            task,
            static (t, state) =>
            {
                if (t.IsCompletedSuccessfully)
                {
                    var (series, what) = ((Series, CountedAs))state!;
                    Count(series, what);
                }
            },
            (series, what));

    /// <summary>Runs <paramref name="record"/> on the thread that completes <paramref name="task"/>, never observing its exception.</summary>
    private static void WhenDone(Task task, Action<Task, object?> record, object? state) =>
        task.ContinueWith(record, state, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    /// <summary>Counts one completed, untimed call. Inlined, so a constant <paramref name="what"/> leaves one branch.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Count(Series series, CountedAs what)
    {
        switch (what)
        {
            case CountedAs.Issue:
                ((TokenSeries)series).Issue();
                break;
            case CountedAs.Revoke:
                ((TokenSeries)series).Revoke();
                break;
            case CountedAs.Eviction:
                ((CacheSeries)series).Evict();
                break;
            default:
                ((EventSeries)series).Increment();
                break;
        }
    }

    /// <summary>A timed call waiting for its task: what the continuation needs to end it.</summary>
    private sealed class TimedCall(TimedSeries series, long startTimestamp)
    {
        public void End(Task completed) => series.End(startTimestamp, failed: !completed.IsCompletedSuccessfully);
    }
}
