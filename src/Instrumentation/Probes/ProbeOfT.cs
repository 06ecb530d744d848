using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace Instrumentation.Probes;

/// <summary>
/// A probe whose series are <typeparamref name="TSeries"/>. Finding an existing series is lock-free:
/// an array index for probes whose tags are all choices (enums, bools), otherwise an open-addressing
/// hash table read without locks. Only creating a new series takes a lock.
/// </summary>
/// <typeparam name="TSeries">The series type of the probe kind.</typeparam>
public abstract class Probe<TSeries> : Probe
    where TSeries : Series
{
    /// <summary>Probes with at most this many choice combinations and no other tags index series directly.</summary>
    private const int MaxDirectSeries = 4096;

    private readonly Lock _gate = new();
    private readonly int[] _choiceCounts;
    private readonly int _choiceCombinations;
    private readonly TSeries?[]? _direct;
    private TSeries?[] _slots = new TSeries?[16];
    private readonly AppendOnlyList<TSeries> _all = new();
    // Written under _gate, read without it: _overflow is published with a volatile write once fully built;
    // _created only grows, so a stale read of it only sends a caller the locked way.
    private TSeries? _overflow;
    private int _created;

    private protected Probe(ProbeDefinition definition, ProbeRegistry registry)
        : base(definition, registry)
    {
        _choiceCounts = [.. definition.Tags.Where(t => t.Choices is not null).Select(t => t.Choices!.Count)];
        long combinations = 1;
        foreach (int count in _choiceCounts)
        {
            combinations *= count;
            if (combinations > ProbeLimits.MaxChoiceCombinations)
            {
                throw new ArgumentException($"The choice tags of the probe '{definition.Name}' have more than {int.MaxValue} combinations; use fewer enum or bool tags.", nameof(definition));
            }
        }

        _choiceCombinations = (int)combinations;
        bool onlyChoices = definition.Tags.All(t => t.ValueKind == TagValueKind.Choice);
        _direct = onlyChoices && combinations <= MaxDirectSeries ? new TSeries?[combinations] : null;
    }

    /// <inheritdoc />
    public override IReadOnlyList<Series> Series => _all.Snapshot();

    /// <inheritdoc />
    internal override ReadOnlySpan<Series> SeriesSpan => _all.Span;

    /// <summary>The series of a probe without tags.</summary>
    public TSeries Default => GetSeries(0);

    /// <summary>
    /// The series for <paramref name="choiceIndex"/>, the mixed-radix index over the probe's choice tags
    /// (first tag most significant), for probes without text or number tags. An index out of range
    /// selects the overflow series. Lock-free once the series exists.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TSeries GetSeries(int choiceIndex)
    {
        TSeries?[]? direct = _direct;
        if (direct is not null && (uint)choiceIndex < (uint)direct.Length)
        {
            TSeries? series = Volatile.Read(ref direct[choiceIndex]);
            if (series is not null)
            {
                return series;
            }
        }

        return GetOrAddByChoice(choiceIndex);
    }

    /// <summary>The series for <paramref name="key"/>. Lock-free once the series exists.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public TSeries GetSeries(in SeriesKey key)
    {
        if (_direct is not null)
        {
            return GetSeries(key.ChoiceIndex);
        }

        int hash = key.GetHashCode();
        return Find(Volatile.Read(ref _slots), in key, hash) ?? GetOrAddSlow(in key, hash);
    }

    /// <summary>Creates the series object for <paramref name="info"/>.</summary>
    private protected abstract TSeries CreateSeries(SeriesInfo info);

    private static TSeries? Find(TSeries?[] slots, in SeriesKey key, int hash)
    {
        int mask = slots.Length - 1;
        for (int i = hash & mask; ; i = (i + 1) & mask)
        {
            TSeries? series = Volatile.Read(ref slots[i]);
            if (series is null)
            {
                return null;
            }

            if (series.KeyHash == hash && key.Matches(series.Key))
            {
                return series;
            }
        }
    }

    private static void Insert(TSeries?[] slots, TSeries series)
    {
        int mask = slots.Length - 1;
        int i = series.KeyHash & mask;
        while (slots[i] is not null)
        {
            i = (i + 1) & mask;
        }

        Volatile.Write(ref slots[i], series);
    }

    /// <summary>
    /// The first call for a choice index, or an index out of range. Not inlined: its key is a
    /// 136-byte struct that the caller's prologue would otherwise zero on every call.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private TSeries GetOrAddByChoice(int choiceIndex)
    {
        var key = new SeriesKey(choiceIndex);
        return GetOrAddSlow(in key, key.GetHashCode());
    }

    /// <summary>The lock series creation takes; internal so tests can prove recording past the limit never waits on it.</summary>
    internal Lock CreationGate => _gate;

    private TSeries GetOrAddSlow(in SeriesKey key, int hash)
    {
        // Past the cardinality limit or the registry's series budget, or for an index no choice combination has,
        // every new value lands in the overflow series: once that exists, the answer needs no lock.
        // A series another thread created for this very key just before the limit was reached is still found.
        if (Volatile.Read(ref _overflow) is { } full
            && ((uint)key.ChoiceIndex >= (uint)_choiceCombinations || Volatile.Read(ref _created) >= CardinalityLimit || Registry.SeriesBudgetSpent))
        {
            return FindExisting(in key, hash) ?? full;
        }

        lock (_gate)
        {
            bool inRange = (uint)key.ChoiceIndex < (uint)_choiceCombinations;
            if (FindExisting(in key, hash) is { } existing)
            {
                return existing;
            }

            if (!inRange || _created >= CardinalityLimit || !Registry.TryTakeSeries())
            {
                if (_overflow is null)
                {
                    Volatile.Write(ref _overflow, Publish(CreateSeries(Describe(overflow: true, in key))));
                }

                return _overflow;
            }

            TSeries series = CreateSeries(Describe(overflow: false, in key));
            series.Key = key.Store();
            series.KeyHash = hash;
            Volatile.Write(ref _created, _created + 1);
            if (_direct is not null)
            {
                Volatile.Write(ref _direct[key.ChoiceIndex], series);
            }
            else
            {
                if (_created * 2 > _slots.Length)
                {
                    var grown = new TSeries?[_slots.Length * 2];
                    foreach (TSeries? old in _slots)
                    {
                        if (old is not null)
                        {
                            Insert(grown, old);
                        }
                    }

                    Volatile.Write(ref _slots, grown);
                }

                Insert(_slots, series);
            }

            return Publish(series);
        }
    }

    /// <summary>The series already created for <paramref name="key"/>, read without the lock.</summary>
    private TSeries? FindExisting(in SeriesKey key, int hash) =>
        _direct is null ? Find(Volatile.Read(ref _slots), in key, hash)
        : (uint)key.ChoiceIndex < (uint)_direct.Length ? Volatile.Read(ref _direct[key.ChoiceIndex])
        : null;

    private TSeries Publish(TSeries series)
    {
        _all.Add(series);
        series.MarkPublished();
        return series;
    }

    private SeriesInfo Describe(bool overflow, in SeriesKey key)
    {
        IReadOnlyList<TagDefinition> tags = Definition.Tags;
        var values = new KeyValuePair<string, string>[tags.Count];
        int remainder = key.ChoiceIndex;
        int choice = _choiceCounts.Length;
        for (int i = tags.Count - 1; i >= 0; i--)
        {
            string value;
            if (overflow)
            {
                value = SeriesInfo.OverflowValue;
            }
            else if (tags[i].Choices is { } choices)
            {
                int count = _choiceCounts[--choice];
                value = choices[remainder % count];
                remainder /= count;
            }
            else
            {
                int position = CountKeyedBefore(i);
                value = position < key.Count ? key.Format(position) : string.Empty;
            }

            values[i] = new(tags[i].Name, value);
        }

        return new SeriesInfo(Name, Kind, values, Definition.Timed, Definition.TokenLifetime);
    }

    private int CountKeyedBefore(int tagIndex)
    {
        int count = 0;
        for (int i = 0; i < tagIndex; i++)
        {
            if (Definition.Tags[i].Choices is null)
            {
                count++;
            }
        }

        return count;
    }
}
