using Instrumentation.Sinks.Otlp.Tests.Otlp;

namespace Instrumentation.Sinks.Otlp.Tests;

/// <summary>Reading received points by their attributes.</summary>
internal static class DataPoints
{
    public static Dictionary<string, string> Attributes(this NumberDataPoint point) => ToDictionary(point.Attributes);

    public static Dictionary<string, string> Attributes(this HistogramDataPoint point) => ToDictionary(point.Attributes);

    /// <summary>The value of the last exported point of the series whose attributes include <paramref name="attributes"/>.</summary>
    public static long? LastValue(this IEnumerable<Metric> metrics, params (string Key, string Value)[] attributes) =>
        metrics.SelectMany(m => m.Sum?.DataPoints ?? m.Gauge.DataPoints).LastOrDefault(p => Matches(p.Attributes(), attributes))?.AsInt;

    /// <summary>The last exported histogram point of the series whose attributes include <paramref name="attributes"/>.</summary>
    public static HistogramDataPoint? LastHistogram(this IEnumerable<Metric> metrics, params (string Key, string Value)[] attributes) =>
        metrics.SelectMany(m => m.Histogram.DataPoints).LastOrDefault(p => Matches(p.Attributes(), attributes));

    private static bool Matches(Dictionary<string, string> actual, (string Key, string Value)[] wanted) =>
        wanted.All(w => actual.TryGetValue(w.Key, out string? value) && value == w.Value);

    private static Dictionary<string, string> ToDictionary(IEnumerable<KeyValue> attributes) =>
        attributes.ToDictionary(a => a.Key, a => a.Value.ValueCase == AnyValue.ValueOneofCase.IntValue ? a.Value.IntValue.ToString(System.Globalization.CultureInfo.InvariantCulture) : a.Value.StringValue);
}
