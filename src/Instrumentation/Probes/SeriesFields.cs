using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Instrumentation.Probes;

/// <summary>
/// A value for each field of a <see cref="SeriesSchema"/>, read and written by name:
/// <c>fields[FieldNames.Calls]</c>. Every field is present; one nothing added to is 0.
/// </summary>
public sealed class SeriesFields : IReadOnlyDictionary<string, long>
{
    // The values live inside this object: a collection makes one of these per changed series, so no array of their own.
    private InlineValues _inline;

    /// <summary>Creates fields of <paramref name="schema"/>, all 0.</summary>
    public SeriesFields(SeriesSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        Schema = schema;
    }

    /// <summary>The schema naming the fields.</summary>
    public SeriesSchema Schema { get; }

    /// <inheritdoc />
    public int Count => Schema.Fields.Count;

    /// <inheritdoc />
    public IEnumerable<string> Keys => Schema.Fields;

    /// <inheritdoc />
    public IEnumerable<long> Values => this.Select(f => f.Value);

    /// <summary>The values in the schema's order, for code that walks every field.</summary>
    internal Span<long> InOrder => ((Span<long>)_inline)[..Count];

    /// <summary>The value of <paramref name="field"/>.</summary>
    /// <exception cref="KeyNotFoundException">The schema has no such field; the message lists the ones it has.</exception>
    public long this[string field]
    {
        get => InOrder[IndexOrThrow(field)];
        set => InOrder[IndexOrThrow(field)] = value;
    }

    /// <summary>Adds every field of <paramref name="other"/>, which has the same schema.</summary>
    public void Add(SeriesFields other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Schema != Schema)
        {
            throw new ArgumentException($"Cannot add {other.Schema} fields to {Schema} fields.", nameof(other));
        }

        Span<long> values = InOrder;
        ReadOnlySpan<long> added = other.InOrder;
        for (int i = 0; i < values.Length; i++)
        {
            values[i] += added[i];
        }
    }

    /// <summary>A copy that changes independently of this one.</summary>
    public SeriesFields Clone() => new(Schema) { _inline = _inline };

    /// <inheritdoc />
    public bool ContainsKey(string key) => Schema.IndexOf(key) >= 0;

    /// <inheritdoc />
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out long value)
    {
        int index = Schema.IndexOf(key);
        value = index >= 0 ? InOrder[index] : 0;
        return index >= 0;
    }

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, long>> GetEnumerator()
    {
        for (int i = 0; i < Count; i++)
        {
            yield return new KeyValuePair<string, long>(Schema.Fields[i], InOrder[i]);
        }
    }

    /// <inheritdoc />
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc />
    public override string ToString() => string.Join(", ", this.Select(f => $"{f.Key}={f.Value}"));

    [InlineArray(SeriesSchema.MaxFieldCount)]
    private struct InlineValues
    {
        private long _first;
    }

    private int IndexOrThrow(string field)
    {
        ArgumentNullException.ThrowIfNull(field);
        int index = Schema.IndexOf(field);
        return index >= 0
            ? index
            : throw new KeyNotFoundException(Schema.Fields.Count == 0
                ? $"A {Schema.Kind.ToName()} series has no field '{field}', nor any other: its level is the delta's Value."
                : $"A {Schema.Kind.ToName()} series has no field '{field}'; its fields are: {string.Join(", ", Schema.Fields)}.");
    }
}
