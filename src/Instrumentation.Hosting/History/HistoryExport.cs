using System.Globalization;
using System.Text;
using System.Text.Json;
using Instrumentation.Probes;

namespace Instrumentation.History;

/// <summary>
/// Writes any history query to CSV (RFC 4180) or JSON (an array of objects) as the rows arrive:
/// nothing is built in memory beyond one row, and the stream is flushed every <see cref="FlushEvery"/> rows.
/// </summary>
public static class HistoryExport
{
    /// <summary>Rows written between two flushes of the stream.</summary>
    public const int FlushEvery = 256;

    /// <summary>The columns of <see cref="IHistoryQueries.TopEndpointsAsync"/>.</summary>
    public static ExportColumns<EndpointTotals> TopEndpoints { get; } = new(
        ("name", r => r.Name), ("tags", r => Tags(r.Tags)), ("requests", r => r.Requests), ("errors", r => r.Errors),
        ("errorRate", r => r.ErrorRate), ("p50Ms", r => r.P50Ms), ("p95Ms", r => r.P95Ms), ("p99Ms", r => r.P99Ms));

    /// <summary>The columns of <see cref="IHistoryQueries.FailureRatesAsync"/>.</summary>
    public static ExportColumns<FailureTotals> FailureRates { get; } = new(
        ("name", r => r.Name), ("tag", r => r.Tag), ("value", r => r.Value), ("requests", r => r.Requests), ("errors", r => r.Errors), ("failureRate", r => r.FailureRate));

    /// <summary>The columns of <see cref="IHistoryQueries.TagValuesAsync"/> for a metric whose series have <paramref name="schema"/>: the value, each field by name, p95.</summary>
    public static ExportColumns<TagValueTotals> TagValues(SeriesSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return new([("value", r => r.Value), .. NamedFields<TagValueTotals>(schema, r => r.Fields), ("p95Ms", r => r.P95Ms)]);
    }

    /// <summary>The columns of <see cref="IHistoryQueries.TimeSeriesAsync"/> for a metric whose series have <paramref name="schema"/>: the time, each field by name, percentiles.</summary>
    public static ExportColumns<TimePoint> TimeSeries(SeriesSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return new(
            [("at", r => r.At.ToString("O", CultureInfo.InvariantCulture)), .. NamedFields<TimePoint>(schema, r => r.Fields),
            ("p50Ms", r => r.P50Ms), ("p95Ms", r => r.P95Ms), ("p99Ms", r => r.P99Ms)]);
    }

    /// <summary>Writes a header line, then one line per row.</summary>
    public static async Task WriteCsvAsync<T>(IAsyncEnumerable<T> rows, ExportColumns<T> columns, Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(columns);
        await using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 16 * 1024, leaveOpen: true) { NewLine = "\r\n" };
        await writer.WriteLineAsync(string.Join(',', columns.Names)).ConfigureAwait(false);
        int written = 0;
        await foreach (T row in rows.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            await writer.WriteLineAsync(string.Join(',', columns.Values(row).Select(Cell))).ConfigureAwait(false);
            if (++written % FlushEvery == 0)
            {
                await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Writes a JSON array with one object per row; numbers stay numbers, missing values are null.</summary>
    public static async Task WriteJsonAsync<T>(IAsyncEnumerable<T> rows, ExportColumns<T> columns, Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(columns);
        await using var writer = new Utf8JsonWriter(stream);
        writer.WriteStartArray();
        int written = 0;
        await foreach (T row in rows.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            writer.WriteStartObject();
            foreach ((string name, object? value) in columns.Names.Zip(columns.Values(row)))
            {
                switch (value)
                {
                    case null:
                        writer.WriteNull(name);
                        break;
                    case long number:
                        writer.WriteNumber(name, number);
                        break;
                    case double number:
                        writer.WriteNumber(name, number);
                        break;
                    default:
                        writer.WriteString(name, value is IFormattable formattable ? formattable.ToString(null, CultureInfo.InvariantCulture) : value.ToString());
                        break;
                }
            }

            writer.WriteEndObject();
            if (++written % FlushEvery == 0)
            {
                await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        writer.WriteEndArray();
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static IEnumerable<(string Name, Func<T, object?> Value)> NamedFields<T>(SeriesSchema schema, Func<T, IReadOnlyDictionary<string, long>> fields) =>
        schema.Fields.Select(name => (name, (Func<T, object?>)(r => fields(r).GetValueOrDefault(name))));

    private static string Tags(IReadOnlyList<KeyValuePair<string, string>> tags) => string.Join(',', tags.Select(t => $"{t.Key}={t.Value}"));

    /// <summary>A cell: numbers as they are, text (not empty) quoted and made inert for spreadsheets.</summary>
    private static string Cell(object? value) => value switch
    {
        null => string.Empty,
        double number => number.ToString("R", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => Quote(Inert(value.ToString() ?? string.Empty)),
    };

    /// <summary>
    /// Text a spreadsheet would run as a formula (it starts with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab or a carriage
    /// return: tag values come from the app's callers) gets a leading <c>'</c>, as OWASP recommends for CSV injection;
    /// so does text that starts with <c>'</c>, so removing one leading <c>'</c> always gives the value back.
    /// </summary>
    private static string Inert(string text) => text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' or '\'' ? "'" + text : text;

    /// <summary>
    /// RFC 4180 quoting, for every text cell that is not empty (not only those with a comma, quote or line break): a
    /// spreadsheet whose list separator is <c>;</c> would otherwise split an unquoted cell there, past the guard.
    /// </summary>
    private static string Quote(string field) => field.Length == 0 ? field : $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}

/// <summary>The named columns an export writes for rows of type <typeparamref name="T"/>.</summary>
public sealed class ExportColumns<T>
{
    private readonly (string Name, Func<T, object?> Value)[] _columns;

    /// <summary>Columns in order: a name and how to read it from a row (string, long, double or null).</summary>
    public ExportColumns(params (string Name, Func<T, object?> Value)[] columns)
    {
        _columns = columns;
    }

    /// <summary>The column names, in order.</summary>
    public IEnumerable<string> Names => _columns.Select(c => c.Name);

    /// <summary>The values of one row, in column order.</summary>
    public IEnumerable<object?> Values(T row) => _columns.Select(c => c.Value(row));
}
