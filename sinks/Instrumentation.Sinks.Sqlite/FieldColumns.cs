using Instrumentation.Probes;

namespace Instrumentation.Sinks.Sqlite;

/// <summary>
/// The rollup tables keep one column per field of every kind's schema, named as the field is (<c>calls</c>,
/// <c>hits</c>, <c>occurrences</c>, …); a row fills those of its series' kind, the rest stay 0.
/// </summary>
internal static class FieldColumns
{
    /// <summary>Every field name of every schema, once each.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. SeriesSchema.All.SelectMany(s => s.Fields).Distinct(StringComparer.Ordinal)];

    /// <summary>The columns, comma-separated, each prefixed by <paramref name="prefix"/> (a table alias and dot).</summary>
    public static string List(string prefix = "") => string.Join(", ", Names.Select(n => prefix + n));

    /// <summary><c>sum(prefix.name)</c> of every column, comma-separated.</summary>
    public static string Sums(string prefix) => string.Join(", ", Names.Select(n => $"sum({prefix}{n})"));

    /// <summary><paramref name="fields"/> spread over the columns, in <see cref="Names"/> order.</summary>
    public static long[] Of(IReadOnlyDictionary<string, long> fields)
    {
        var values = new long[Names.Count];
        foreach (KeyValuePair<string, long> field in fields)
        {
            values[IndexOf(field.Key)] = field.Value;
        }

        return values;
    }

    /// <summary>The fields of <paramref name="schema"/> read from <paramref name="columns"/> (values in <see cref="Names"/> order).</summary>
    public static SeriesFields For(SeriesSchema schema, ReadOnlySpan<long> columns)
    {
        var fields = new SeriesFields(schema);
        foreach (string name in schema.Fields)
        {
            fields[name] = columns[IndexOf(name)];
        }

        return fields;
    }

    private static int IndexOf(string field)
    {
        for (int i = 0; i < Names.Count; i++)
        {
            if (Names[i] == field)
            {
                return i;
            }
        }

        throw new InvalidOperationException($"No rollup column holds the field '{field}'.");
    }
}
