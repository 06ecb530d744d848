using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace Instrumentation.Probes;

/// <summary>
/// Selects one series of a probe without allocating: the index over the probe's choice tags plus
/// up to <see cref="MaxValues"/> text or number values, in the order of the probe's other tags.
/// Generated code builds it on the stack; it is not meant to be written by hand.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public struct SeriesKey : IEquatable<SeriesKey>
{
    /// <summary>The most text and number values a key holds; further values are ignored.</summary>
    public const int MaxValues = ProbeLimits.MaxTags;

    private TagValueBuffer _values;

    /// <summary>Starts a key with the mixed-radix index over the probe's choice tags (0 when it has none).</summary>
    public SeriesKey(int choiceIndex)
    {
        ChoiceIndex = choiceIndex;
    }

    /// <summary>The index over the probe's choice tags.</summary>
    public readonly int ChoiceIndex { get; }

    /// <summary>How many text and number values were added.</summary>
    public int Count { readonly get; private set; }

    /// <summary>Adds the value of the next text tag; <see langword="null"/> is stored as an empty string.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(string? text)
    {
        if (Count < MaxValues)
        {
            _values[Count++] = new TagValue(text ?? string.Empty, 0);
        }
    }

    /// <summary>Adds the value of the next number tag.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(long number)
    {
        if (Count < MaxValues)
        {
            _values[Count++] = new TagValue(null, number);
        }
    }

    /// <summary>The value at <paramref name="index"/> as text.</summary>
    internal readonly string Format(int index) => _values[index].ToString();

    /// <inheritdoc />
    public readonly bool Equals(SeriesKey other) => Equals(in other);

    /// <summary>Compares without copying either key.</summary>
    internal readonly bool Equals(in SeriesKey other)
    {
        if (ChoiceIndex != other.ChoiceIndex || Count != other.Count)
        {
            return false;
        }

        for (int i = 0; i < Count; i++)
        {
            if (!_values[i].Equals(other._values[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The key as a series keeps it: only the values it has, not the whole buffer.</summary>
    internal readonly StoredSeriesKey Store() => new(ChoiceIndex, ((ReadOnlySpan<TagValue>)_values)[..Count].ToArray());

    /// <summary>Whether <paramref name="stored"/> is this key, compared without copying either.</summary>
    internal readonly bool Matches(StoredSeriesKey stored)
    {
        if (ChoiceIndex != stored.ChoiceIndex || Count != stored.Values.Length)
        {
            return false;
        }

        for (int i = 0; i < Count; i++)
        {
            if (!_values[i].Equals(stored.Values[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public override readonly bool Equals(object? obj) => obj is SeriesKey other && Equals(other);

    /// <summary>The hash probes find the series by (<see cref="TagHash"/>: fast, seeded per process).</summary>
    public override readonly int GetHashCode()
    {
        ulong hash = TagHash.Start(ChoiceIndex);
        for (int i = 0; i < Count; i++)
        {
            hash = _values[i].AddTo(hash);
        }

        return TagHash.Finish(hash);
    }

    [InlineArray(MaxValues)]
    private struct TagValueBuffer
    {
        private TagValue _first;
    }

}

/// <summary>One text or number tag value of a <see cref="SeriesKey"/>.</summary>
internal readonly struct TagValue(string? text, long number) : IEquatable<TagValue>
{
    private readonly string? _text = text;
    private readonly long _number = number;

    /// <summary>Ordinal; the same string instance, the usual case, is found equal without reading it.</summary>
    public bool Equals(TagValue other) =>
        ReferenceEquals(_text, other._text) ? _number == other._number : _text is not null && _text.Equals(other._text);

    public override bool Equals(object? obj) => obj is TagValue other && Equals(other);

    public override int GetHashCode() => TagHash.Finish(AddTo(0));

    public ulong AddTo(ulong hash) => _text is null ? TagHash.Add(hash, (ulong)_number) : TagHash.Add(hash, _text);

    public override string ToString() => _text ?? _number.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A <see cref="SeriesKey"/> as its series keeps it: the choice index and exactly the values it has.</summary>
internal sealed class StoredSeriesKey(int choiceIndex, TagValue[] values)
{
    public int ChoiceIndex { get; } = choiceIndex;

    public TagValue[] Values { get; } = values;
}
