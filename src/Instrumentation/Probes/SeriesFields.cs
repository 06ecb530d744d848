using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Instrumentation.Probes;

/// <summary>
/// A value for each field of a <see cref="SeriesSchema"/>, read and written by name:
/// <c>fields[FieldNames.Calls]</c>. Every field is present; one nothing added to is 0.
/// </summary>
public sealed class SeriesFields : IReadOnlyDictionary<string, long>
{
    private readonly long[] _values;

    /// <summary>Creates fields of <paramref name="schema"/>, all 0.</summary>
    public SeriesFields(SeriesSchema schema)
        : this(schema, new long[(schema ?? throw new ArgumentNullException(nameof(schema))).Fields.Count])
    {
    }

    internal SeriesFields(SeriesSchema schema, long[] values)
    {
        Schema = schema;
        _values = values;
    }

    /// <summary>The schema naming the fields.</summary>
    public SeriesSchema Schema { get; }

    /// <inheritdoc />
    public int Count => _values.Length;

    /// <inheritdoc />
    public IEnumerable<string> Keys => Schema.Fields;

    /// <inheritdoc />
    public IEnumerable<long> Values => _values;

    /// <summary>The values in the schema's order, for code that walks every field.</summary>
    internal Span<long> InOrder => _values;

    /// <summary>The value of <paramref name="field"/>.</summary>
    /// <exception cref="KeyNotFoundException">The schema has no such field; the message lists the ones it has.</exception>
    public long this[string field]
    {
        get => _values[IndexOrThrow(field)];
        set => _values[IndexOrThrow(field)] = value;
    }

    /// <summary>Adds every field of <paramref name="other"/>, which has the same schema.</summary>
    public void Add(SeriesFields other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Schema != Schema)
        {
            throw new ArgumentException($"Cannot add {other.Schema} fields to {Schema} fields.", nameof(other));
        }

        for (int i = 0; i < _values.Length; i++)
        {
            _values[i] += other._values[i];
        }
    }

    /// <summary>A copy that changes independently of this one.</summary>
    public SeriesFields Clone() => new(Schema, (long[])_values.Clone());

    /// <inheritdoc />
    public bool ContainsKey(string key) => Schema.IndexOf(key) >= 0;

    /// <inheritdoc />
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out long value)
    {
        int index = Schema.IndexOf(key);
        value = index >= 0 ? _values[index] : 0;
        return index >= 0;
    }

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, long>> GetEnumerator()
    {
        for (int i = 0; i < _values.Length; i++)
        {
            yield return new KeyValuePair<string, long>(Schema.Fields[i], _values[i]);
        }
    }

    /// <inheritdoc />
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc />
    public override string ToString() => string.Join(", ", this.Select(f => $"{f.Key}={f.Value}"));

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
