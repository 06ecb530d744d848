using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Instrumentation.Metrics;

namespace Instrumentation.Probes;

/// <summary>
/// One tag-value combination of a probe. Recording bumps its fields with interlocked adds and readers sum
/// them; recording never locks or throws.
/// </summary>
/// <remarks>
/// <para>
/// A series costs memory for what it has seen. It starts with one set of fields, padded by half a cache line on
/// each side so neighbouring objects' fields hardly ever share their lines. The first time two threads collide on it (an interlocked
/// compare-exchange that fails), it also gets one stripe per processor, each created when a thread first records
/// on that processor, so cores stop fighting over one line; readers sum every set. A quiet or single-threaded
/// series on a 64-core machine stays as small as on one core.
/// </para>
/// <para>
/// A timed series keeps its histogram buckets in chunks of one octave (eight buckets, one cache line of
/// data), each created when a duration first falls in it; failed calls have a histogram of their own, created
/// when the first call fails. Those first uses allocate; once the octaves and
/// stripes a series uses exist, recording allocates nothing.
/// </para>
/// </remarks>
public abstract class Series
{
    /// <summary>Padding, in longs, on each side of the shared fields, keeping other objects' fields off their cache lines.</summary>
    private const int SharedOffset = Stripes.LineLongs / 2;
    private const int BucketsPerChunk = LatencyBuckets.BucketsPerOctave;

    private static readonly StoredSeriesKey Empty = new(0, []);

    private readonly long[] _shared;
    private long[]?[]? _sharedChunks;
    private long[]?[]? _sharedFailedChunks;
    private long[]?[]? _stripes;
    private long[]?[]?[]? _stripeChunks;
    private long[]?[]?[]? _stripeFailedChunks;
    private KeyValuePair<string, object?>[]? _meterTags;
    private object? _collectorState;
    private long _changedIn;
    private bool _observed;

    private protected Series(SeriesInfo info, SeriesLayout layout)
    {
        Info = info;
        Layout = layout;
        _shared = new long[SharedOffset + layout.FieldCount + SharedOffset];
    }

    /// <summary>What the series is: metric, kind and tags.</summary>
    public SeriesInfo Info { get; }

    internal SeriesLayout Layout { get; }

    /// <summary>The key the probe finds this series by; set once, before the series is published.</summary>
    internal StoredSeriesKey Key = Empty;

    /// <summary>The hash of <see cref="Key"/>.</summary>
    internal int KeyHash;

    /// <summary>The latest <see cref="ChangeEpoch"/> a record (or the publication) stamped on this series.</summary>
    internal long ChangedIn => Volatile.Read(ref _changedIn);

    /// <summary>
    /// The state the first collector to read this series keeps for it, held here so that collector finds it without a
    /// lookup; other collectors of the same registry keep theirs in a dictionary (see <see cref="ClaimCollectorState"/>).
    /// </summary>
    internal object? CollectorState => Volatile.Read(ref _collectorState);

    /// <summary>Holds <paramref name="state"/> here unless another collector's already is; whether it is now held.</summary>
    internal bool ClaimCollectorState(object state) => Interlocked.CompareExchange(ref _collectorState, state, null) is null;

    /// <summary>Lets go of <paramref name="state"/> when it is the one held (its collector stopped).</summary>
    internal void ReleaseCollectorState(object state) => Interlocked.CompareExchange(ref _collectorState, null, state);

    /// <summary>Whether collisions between threads gave the series per-processor stripes.</summary>
    internal bool IsStriped => Volatile.Read(ref _stripes) is not null;

    /// <summary>
    /// Stamps the series once the probe has published it, so the next pass of every collector reads it
    /// even if nothing records into it (a pass that missed it in the list began before this stamp).
    /// </summary>
    internal void MarkPublished()
    {
        Interlocked.MemoryBarrier();
        StampChanged(ChangeEpoch.Current);
    }

    /// <summary>Whether a collection reads this series whether or not it changed (a gauge with an observer); a field, read for every series a pass skips.</summary>
    internal bool IsObserved => Volatile.Read(ref _observed);

    /// <summary>Has every collection read this series from now on (a gauge given an observer).</summary>
    private protected void MarkObserved() => Volatile.Write(ref _observed, true);

    /// <summary>
    /// The first field of the set the caller records into: the shared one (<paramref name="stripe"/> −1) until
    /// threads have collided, then the stripe of the caller's processor.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private protected ref long Fields(out int stripe)
    {
        long[]?[]? stripes = Volatile.Read(ref _stripes);
        if (stripes is null)
        {
            stripe = -1;
            return ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_shared), SharedOffset);
        }

        stripe = Stripes.Current();
        long[]? fields = Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(stripes), stripe);
        return ref MemoryMarshal.GetArrayDataReference(fields ?? AddStripe(stripe));
    }

    /// <summary>
    /// Adds <paramref name="amount"/> to <paramref name="field"/>, the one field every record of the kind
    /// updates: on the shared set with a compare-exchange, whose failure is how a collision is seen.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private protected void AddWatchingCollisions(ref long fields, int stripe, int field, long amount)
    {
        ref long cell = ref Unsafe.Add(ref fields, field);
        if (stripe >= 0)
        {
            Interlocked.Add(ref cell, amount);
            return;
        }

        long seen = Volatile.Read(ref cell);
        if (Interlocked.CompareExchange(ref cell, seen + amount, seen) != seen)
        {
            Interlocked.Add(ref cell, amount);
            Collided();
        }
    }

    /// <summary>Stamps the series as changed; call after the record's interlocked updates (see <see cref="ChangeEpoch"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private protected void MarkChanged()
    {
        long epoch = ChangeEpoch.Current;
        if (Volatile.Read(ref _changedIn) < epoch)
        {
            StampChanged(epoch);
        }
    }

    /// <summary>
    /// Adds one duration: its bucket, which also counts the occurrence, and the duration sum. A failed call
    /// goes to the histogram of failed calls, so one increment counts the call and its failure together: no
    /// reader can see one without the other.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private protected void AddDuration(ref long fields, int stripe, long nanoseconds, bool failed)
    {
        uint bucket = (uint)LatencyBuckets.IndexOf(nanoseconds);
        long[]?[]? chunks = Volatile.Read(ref Directory(stripe, failed));
        long[]? chunk = chunks is null ? null : Volatile.Read(ref chunks[bucket / BucketsPerChunk]);
        chunk ??= AddChunk(stripe, failed, (int)(bucket / BucketsPerChunk));
        Interlocked.Increment(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(chunk), (int)(bucket % BucketsPerChunk)));
        AddWatchingCollisions(ref fields, stripe, Layout.DurationSumField, nanoseconds);
    }

    /// <summary>Sums every set's fields into <paramref name="totals"/> (length at least <see cref="SeriesLayout.FieldCount"/>).</summary>
    internal void ReadFields(Span<long> totals)
    {
        int count = Layout.FieldCount;
        totals = totals[..count];
        for (int i = 0; i < count; i++)
        {
            totals[i] = Volatile.Read(ref _shared[SharedOffset + i]);
        }

        if (Volatile.Read(ref _stripes) is not { } stripes)
        {
            return;
        }

        for (int stripe = 0; stripe < stripes.Length; stripe++)
        {
            if (Volatile.Read(ref stripes[stripe]) is { } fields)
            {
                for (int i = 0; i < count; i++)
                {
                    totals[i] += Volatile.Read(ref fields[i]);
                }
            }
        }
    }

    /// <summary>
    /// Adds every set's buckets of completed (or <paramref name="failed"/>) calls into <paramref name="counts"/>
    /// (length <see cref="LatencyBuckets.Count"/>) and returns the octaves any set has buckets in, one bit each;
    /// only those octaves were touched.
    /// </summary>
    internal ulong ReadBuckets(Span<long> counts, bool failed)
    {
        ulong octaves = AddChunks(Volatile.Read(ref failed ? ref _sharedFailedChunks : ref _sharedChunks), counts);
        if (Volatile.Read(ref failed ? ref _stripeFailedChunks : ref _stripeChunks) is { } stripes)
        {
            for (int stripe = 0; stripe < stripes.Length; stripe++)
            {
                octaves |= AddChunks(Volatile.Read(ref stripes[stripe]), counts);
            }
        }

        return octaves;
    }

    /// <summary>
    /// The series as <see cref="System.Diagnostics.Metrics"/> attributes: <c>instrumentation.probe</c>
    /// (the metric name), then each tag. Built once, on first use.
    /// </summary>
    internal KeyValuePair<string, object?>[] MeterTags => _meterTags ??= DescribeForMeters(Info);

    /// <summary>
    /// A counter's total over every set. For a timed series the first counter (calls) adds both histograms'
    /// totals and the failures counter the failed histogram's.
    /// </summary>
    internal long ReadCounter(int counter)
    {
        Span<long> fields = stackalloc long[SeriesLayout.MaxFieldCount];
        ReadFields(fields);
        long total = Layout.StoredCounter(fields, counter);
        if (Layout.HasDuration && (counter == 0 || counter == Layout.FailuresCounter))
        {
            total += HistogramTotal(failed: true) + (counter == 0 ? HistogramTotal(failed: false) : 0);
        }

        return total;
    }

    private long HistogramTotal(bool failed)
    {
        Span<long> buckets = stackalloc long[LatencyBuckets.Count];
        ReadBuckets(buckets, failed);
        long total = 0;
        foreach (long count in buckets)
        {
            total += count;
        }

        return total;
    }

    /// <summary>The current value (in-flight calls, gauge level or observed gauge value).</summary>
    internal long ReadValue()
    {
        if (TryObserve(out long observed))
        {
            return observed;
        }

        Span<long> fields = stackalloc long[SeriesLayout.MaxFieldCount];
        ReadFields(fields);
        return fields[Layout.ValueField];
    }

    /// <summary>A value to report instead of the stored one, read at collection time (gauges with an observer).</summary>
    internal virtual bool TryObserve(out long value)
    {
        value = 0;
        return false;
    }

    /// <summary>Where the chunk directory of one set (the shared one for <paramref name="stripe"/> −1) and outcome lives.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref long[]?[]? Directory(int stripe, bool failed)
    {
        if (stripe < 0)
        {
            return ref failed ? ref _sharedFailedChunks : ref _sharedChunks;
        }

        return ref (failed ? _stripeFailedChunks : _stripeChunks)![stripe];
    }

    private static ulong AddChunks(long[]?[]? chunks, Span<long> counts)
    {
        ulong octaves = 0;
        if (chunks is null)
        {
            return octaves;
        }

        for (int octave = 0; octave < chunks.Length; octave++)
        {
            if (Volatile.Read(ref chunks[octave]) is { } chunk)
            {
                octaves |= 1UL << octave;
                Span<long> into = counts.Slice(octave * BucketsPerChunk, BucketsPerChunk);
                for (int i = 0; i < BucketsPerChunk; i++)
                {
                    into[i] += Volatile.Read(ref chunk[i]);
                }
            }
        }

        return octaves;
    }

    /// <summary>
    /// Two threads collided on the shared fields: from now on each processor records into its own stripe.
    /// Internal so tests get the striped layout without depending on a race.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal void Collided()
    {
        if (Volatile.Read(ref _stripes) is not null)
        {
            return;
        }

        if (Layout.HasDuration)
        {
            Interlocked.CompareExchange(ref _stripeChunks, new long[]?[]?[Stripes.Count], null);
            Interlocked.CompareExchange(ref _stripeFailedChunks, new long[]?[]?[Stripes.Count], null);
        }

        // Published last: a recorder that sees the stripes also sees their chunk directories.
        Interlocked.CompareExchange(ref _stripes, new long[]?[Stripes.Count], null);
    }

    /// <summary>
    /// Creates every histogram chunk of the shared set and of the stripes that exist, counting nothing: allocation
    /// tests call it so a duration from a real clock cannot land in an octave first used while they measure.
    /// </summary>
    internal void CreateEveryChunk()
    {
        if (!Layout.HasDuration)
        {
            return;
        }

        for (int octave = 0; octave < LatencyBuckets.OctaveCount; octave++)
        {
            foreach (bool failed in (ReadOnlySpan<bool>)[false, true])
            {
                AddChunk(-1, failed, octave);
                for (int stripe = 0; Volatile.Read(ref _stripes) is { } stripes && stripe < stripes.Length; stripe++)
                {
                    if (Volatile.Read(ref stripes[stripe]) is not null)
                    {
                        AddChunk(stripe, failed, octave);
                    }
                }
            }
        }
    }

    /// <summary>
    /// Gives the series every stripe it can have, with every histogram chunk, counting nothing: allocation tests on
    /// a registry other tests record into call it, so a collision or a new processor cannot allocate while they measure.
    /// </summary>
    internal void CreateEveryStripe()
    {
        Collided();
        for (int stripe = 0; stripe < Stripes.Count; stripe++)
        {
            _ = Volatile.Read(ref _stripes![stripe]) ?? AddStripe(stripe);
        }

        CreateEveryChunk();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private long[] AddStripe(int stripe)
    {
        long[] created = new long[Stripes.LengthFor(Layout.FieldCount)];
        return Interlocked.CompareExchange(ref _stripes![stripe], created, null) ?? created;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private long[] AddChunk(int stripe, bool failed, int octave)
    {
        ref long[]?[]? chunks = ref Directory(stripe, failed);
        if (Volatile.Read(ref chunks) is null)
        {
            Interlocked.CompareExchange(ref chunks, new long[]?[LatencyBuckets.OctaveCount], null);
        }

        if (Volatile.Read(ref chunks![octave]) is { } existing)
        {
            return existing;
        }

        long[] created = new long[BucketsPerChunk];
        return Interlocked.CompareExchange(ref chunks[octave], created, null) ?? created;
    }

    /// <summary>
    /// Raises the stamp to <paramref name="epoch"/>, the epoch the caller read after its cells changed, then
    /// reads the epoch again: a pass that advanced it in between may already have looked at the old stamp and
    /// skipped the series, so the stamp is raised to the new epoch, which that pass's successor reads.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal void StampChanged(long epoch)
    {
        while (true)
        {
            long seen = Volatile.Read(ref _changedIn);
            while (seen < epoch)
            {
                long found = Interlocked.CompareExchange(ref _changedIn, epoch, seen);
                if (found == seen)
                {
                    break;
                }

                seen = found;
            }

            long current = ChangeEpoch.Current;
            if (current <= epoch)
            {
                return;
            }

            epoch = current;
        }
    }

    /// <summary>
    /// The probe attribute and the tags. The series that absorbs values past the cardinality limit carries
    /// OpenTelemetry's overflow attribute (<c>otel.metric.overflow=true</c>) instead of its <c>__overflow__</c> tags,
    /// as OpenTelemetry's own overflow point does.
    /// </summary>
    private static KeyValuePair<string, object?>[] DescribeForMeters(SeriesInfo info)
    {
        if (info.IsOverflow)
        {
            return [new(InstrumentNames.ProbeAttribute, info.Metric), new(InstrumentNames.OverflowAttribute, true)];
        }

        var tags = new KeyValuePair<string, object?>[info.Tags.Count + 1];
        tags[0] = new(InstrumentNames.ProbeAttribute, info.Metric);
        for (int i = 0; i < info.Tags.Count; i++)
        {
            tags[i + 1] = new(info.Tags[i].Key, info.Tags[i].Value);
        }

        return tags;
    }
}
