using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Instrumentation.Metrics;

namespace Instrumentation.Probes;

/// <summary>
/// One tag-value combination of a probe: striped, cache-line-padded cells that recording bumps
/// with interlocked adds and the collector sums. Recording never allocates, locks or throws.
/// </summary>
public abstract class Series
{
    private readonly long[] _cells;
    private readonly int _stride;
    private KeyValuePair<string, object?>[]? _meterTags;

    private protected Series(SeriesInfo info, SeriesLayout layout)
    {
        Info = info;
        Layout = layout;
        _stride = Stripes.StrideFor(layout.FieldCount);
        _cells = Stripes.Allocate(_stride);
    }

    /// <summary>What the series is: metric, kind and tags.</summary>
    public SeriesInfo Info { get; }

    internal SeriesLayout Layout { get; }

    /// <summary>The key the probe finds this series by; set once, before the series is published.</summary>
    internal SeriesKey Key;

    /// <summary>The hash of <see cref="Key"/>.</summary>
    internal int KeyHash;

    /// <summary>The first cell of the stripe of the processor the caller runs on.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private protected ref long CurrentStripe() =>
        ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_cells), Stripes.CurrentOffset(_stride));

    /// <summary>Adds one duration: its bucket (which also counts the occurrence) and the duration sum.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private protected void AddDuration(ref long stripe, long nanoseconds)
    {
        Interlocked.Increment(ref Unsafe.Add(ref stripe, Layout.FirstBucketField + LatencyBuckets.IndexOf(nanoseconds)));
        Interlocked.Add(ref Unsafe.Add(ref stripe, Layout.DurationSumField), nanoseconds);
    }

    /// <summary>Sums every stripe into <paramref name="totals"/> (length <see cref="SeriesLayout.FieldCount"/>).</summary>
    internal void ReadTotals(Span<long> totals)
    {
        int fields = Layout.FieldCount;
        totals = totals[..fields];
        totals.Clear();
        for (int stripe = 1; stripe <= Stripes.Count; stripe++)
        {
            ReadOnlySpan<long> cells = _cells.AsSpan(stripe * _stride, fields);
            for (int i = 0; i < fields; i++)
            {
                totals[i] += Volatile.Read(in cells[i]);
            }
        }
    }

    /// <summary>
    /// The series as <see cref="System.Diagnostics.Metrics"/> attributes: <c>instrumentation.probe</c>
    /// (the metric name), then each tag. Built once, on first use.
    /// </summary>
    internal KeyValuePair<string, object?>[] MeterTags => _meterTags ??= DescribeForMeters(Info);

    /// <summary>A counter's total over every stripe (see <see cref="SeriesLayout.Counter"/>).</summary>
    internal long ReadCounter(int counter)
    {
        Span<long> totals = stackalloc long[Layout.FieldCount];
        ReadTotals(totals);
        return Layout.Counter(totals, counter);
    }

    /// <summary>The current value (in-flight calls, gauge level or observed gauge value).</summary>
    internal long ReadValue() => TryObserve(out long observed) ? observed : ReadField(Layout.ValueField);

    /// <summary>A value to report instead of the stored one, read at collection time (gauges with an observer).</summary>
    internal virtual bool TryObserve(out long value)
    {
        value = 0;
        return false;
    }

    private long ReadField(int field)
    {
        long total = 0;
        for (int stripe = 1; stripe <= Stripes.Count; stripe++)
        {
            total += Volatile.Read(in _cells[(stripe * _stride) + field]);
        }

        return total;
    }

    private static KeyValuePair<string, object?>[] DescribeForMeters(SeriesInfo info)
    {
        var tags = new KeyValuePair<string, object?>[info.Tags.Count + 1];
        tags[0] = new(InstrumentNames.ProbeAttribute, info.Metric);
        for (int i = 0; i < info.Tags.Count; i++)
        {
            tags[i + 1] = new(info.Tags[i].Key, info.Tags[i].Value);
        }

        return tags;
    }
}
