using Instrumentation.Probes;

namespace Instrumentation.Sinks.Redis;

/// <summary>
/// The keys and fields of the fleet windows. A time bucket is one hash,
/// <c>{prefix:10s:start}</c> (10-second buckets, kept an hour) or <c>{prefix:1m:start}</c> (1-minute
/// buckets, kept a day); the braces are the Redis Cluster hash tag, so each bucket lives on one node.
/// Fields are <c>series|&lt;field&gt;</c> for each field of the series' schema (<c>series|calls</c>, <c>series|hits</c>, …),
/// <c>series|d</c> (duration sum) and <c>series|h&lt;bucket&gt;</c>.
/// Each instance's share of a bucket is a second hash, <c>{…}:instance:&lt;id&gt;</c>, for the breakdown.
/// </summary>
internal sealed class RedisLayout(string prefix)
{
    private const char Separator = '\u001f';

    public static readonly BucketSize Fine = new("10s", 10, TimeSpan.FromHours(1));
    public static readonly BucketSize Coarse = new("1m", 60, TimeSpan.FromDays(1));

    public string SeriesKey => $"{{{prefix}}}:series";

    public string InstancesKey => $"{{{prefix}}}:instances";

    public string Bucket(BucketSize size, long start) => $"{{{prefix}:{size.Name}:{start}}}";

    public string Values(string instance) => $"{{{prefix}}}:values:{Escape(instance)}";

    /// <summary>One instance's share of a time bucket: the same hash tag, so the same node and script call.</summary>
    public string InstanceBucket(BucketSize size, long start, string instance) => $"{Bucket(size, start)}:instance:{Escape(instance)}";

    /// <summary>The part of the duration sum; no field of any schema is named so.</summary>
    public const string DurationSumPart = "d";

    public static string Field(string series, string part) => $"{series}|{part}";

    public static string BucketField(string series, int index) => $"{series}|h{index}";

    /// <summary>Whether <paramref name="part"/> is a histogram bucket, <c>h</c> and digits (a field such as <c>hits</c> is not).</summary>
    public static bool TryParseBucket(string part, out int index)
    {
        index = 0;
        return part.Length > 1 && part[0] == 'h' && int.TryParse(part.AsSpan(1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out index);
    }

    /// <summary>Series keys may hold any text: '|' separates the part, so it is escaped with '\'.</summary>
    public static string Escape(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("|", "\\|", StringComparison.Ordinal);

    /// <summary>Splits a field into series and part at the last unescaped '|'.</summary>
    public static (string Series, string Part) Split(string field)
    {
        int bar = field.LastIndexOf('|');
        return (field[..bar], field[(bar + 1)..]);
    }

    public static string Unescape(string text) => text.Replace("\\|", "|", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);

    /// <summary>
    /// How a series is described in the series hash: its parts separated by U+001F, each part with <c>\</c> written
    /// <c>\\</c> and U+001F written <c>\s</c>, so any tag value round-trips and none can add a part.
    /// </summary>
    public static string Describe(SeriesInfo series) =>
        string.Join(Separator, new[] { series.Metric, series.Kind.ToName(), series.HasDuration ? "1" : "0", ((long)series.TokenLifetime.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture) }
            .Concat(series.Tags.SelectMany(t => new[] { t.Key, t.Value }))
            .Select(part => part.Replace("\\", "\\\\", StringComparison.Ordinal).Replace(Separator.ToString(), "\\s", StringComparison.Ordinal)));

    /// <summary>The parts of a description, unescaped. An escape it does not know is kept as written (descriptions before escaping).</summary>
    private static string[] SplitParts(string description)
    {
        var parts = new List<string>();
        var part = new System.Text.StringBuilder();
        for (int i = 0; i < description.Length; i++)
        {
            char c = description[i];
            if (c == Separator)
            {
                parts.Add(part.ToString());
                part.Clear();
            }
            else if (c == '\\' && i + 1 < description.Length && description[i + 1] is '\\' or 's')
            {
                part.Append(description[++i] == 's' ? Separator : '\\');
            }
            else
            {
                part.Append(c);
            }
        }

        parts.Add(part.ToString());
        return [.. parts];
    }

    public static SeriesInfo Parse(string description)
    {
        string[] parts = SplitParts(description);
        var tags = new List<KeyValuePair<string, string>>();
        for (int i = 4; i + 1 < parts.Length; i += 2)
        {
            tags.Add(new(parts[i], parts[i + 1]));
        }

        if (!ProbeKindExtensions.TryParseName(parts[1], out ProbeKind kind))
        {
            throw new InvalidOperationException($"Redis holds a series of an unknown probe kind '{parts[1]}'.");
        }

        return new SeriesInfo(parts[0], kind, tags, parts[2] == "1", TimeSpan.FromSeconds(long.Parse(parts[3], System.Globalization.CultureInfo.InvariantCulture)));
    }
}

/// <summary>A bucket width, its name in keys, and how long its keys live.</summary>
internal sealed record BucketSize(string Name, long Seconds, TimeSpan Kept)
{
    public long StartOf(long unixSeconds) => unixSeconds - (unixSeconds % Seconds);
}
