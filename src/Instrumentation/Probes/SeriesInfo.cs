namespace Instrumentation.Probes;

/// <summary>What identifies a series: its metric, kind and tag values. Plain data that sinks store.</summary>
public sealed class SeriesInfo
{
    /// <summary>The tag value of every tag of the series that absorbs values past the cardinality limit.</summary>
    public const string OverflowValue = "__overflow__";

    /// <summary>Creates the description of one series.</summary>
    /// <param name="metric">The metric (probe) name.</param>
    /// <param name="kind">The probe kind.</param>
    /// <param name="tags">Tag names and values, in the probe's tag order.</param>
    /// <param name="hasDuration">Whether the series keeps a latency histogram.</param>
    /// <param name="tokenLifetime">For token series, how long a token lives; otherwise zero.</param>
    public SeriesInfo(string metric, ProbeKind kind, IReadOnlyList<KeyValuePair<string, string>> tags, bool hasDuration = false, TimeSpan tokenLifetime = default)
    {
        ArgumentNullException.ThrowIfNull(tags);
        MetricNames.ThrowIfInvalidMetricName(metric);
        Metric = metric;
        Kind = kind;
        Tags = tags;
        HasDuration = hasDuration;
        TokenLifetime = tokenLifetime;
        Key = FormatKey(metric, tags);
    }

    /// <summary>The metric (probe) name.</summary>
    public string Metric { get; }

    /// <summary>The probe kind, which fixes the series' fields.</summary>
    public ProbeKind Kind { get; }

    /// <summary>The named fields the series keeps, those of its kind.</summary>
    public SeriesSchema Schema => SeriesSchema.Of(Kind);

    /// <summary>Tag names and values, in the probe's tag order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Tags { get; }

    /// <summary>Whether the series keeps durations (a latency histogram).</summary>
    public bool HasDuration { get; }

    /// <summary>For token series, how long an issued token stays active; zero otherwise.</summary>
    public TimeSpan TokenLifetime { get; }

    /// <summary>
    /// A stable text identity, <c>metric{name=value,…}</c> with <c>\</c>, <c>,</c>, <c>=</c>,
    /// <c>{</c> and <c>}</c> escaped: equal for the same series in any process.
    /// </summary>
    public string Key { get; }

    /// <summary>Whether this is the series that absorbs tag values past the cardinality limit.</summary>
    public bool IsOverflow => Tags.Count > 0 && Tags.All(t => t.Value == OverflowValue);

    /// <inheritdoc />
    public override string ToString() => Key;

    /// <summary>
    /// Reads a <see cref="Key"/> back into its metric and tags, for sinks that store the key alone;
    /// <see langword="false"/> when <paramref name="key"/> is not one.
    /// </summary>
    public static bool TryParseKey(
        string key,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? metric,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IReadOnlyList<KeyValuePair<string, string>>? tags)
    {
        ArgumentNullException.ThrowIfNull(key);
        int brace = key.IndexOf('{', StringComparison.Ordinal);
        metric = brace < 0 ? key : key[..brace];
        tags = null;
        if (!MetricNames.IsValidMetricName(metric))
        {
            metric = null;
            return false;
        }

        if (brace < 0)
        {
            tags = [];
            return true;
        }

        var parsed = new List<KeyValuePair<string, string>>();
        var part = new System.Text.StringBuilder();
        string? name = null;
        for (int i = brace + 1; i < key.Length; i++)
        {
            char c = key[i];
            if (c == '\\' && i + 1 < key.Length)
            {
                part.Append(key[++i]);
            }
            else if (c == '=' && name is null)
            {
                name = part.ToString();
                part.Clear();
            }
            else if (c is ',' or '}' && name is not null)
            {
                parsed.Add(new(name, part.ToString()));
                name = null;
                part.Clear();
                if (c == '}')
                {
                    bool last = i == key.Length - 1;
                    tags = last ? parsed : null;
                    metric = last ? metric : null;
                    return last;
                }
            }
            else if (NeedsEscape(c))
            {
                break;
            }
            else
            {
                part.Append(c);
            }
        }

        metric = null;
        return false;
    }

    private static string FormatKey(string metric, IReadOnlyList<KeyValuePair<string, string>> tags)
    {
        if (tags.Count == 0)
        {
            return metric;
        }

        int length = metric.Length + 2 + (tags.Count - 1);
        foreach (KeyValuePair<string, string> tag in tags)
        {
            length += EscapedLength(tag.Key) + 1 + EscapedLength(tag.Value);
        }

        return string.Create(length, (metric, tags), static (key, state) =>
        {
            state.metric.AsSpan().CopyTo(key);
            int at = state.metric.Length;
            key[at++] = '{';
            for (int i = 0; i < state.tags.Count; i++)
            {
                if (i > 0)
                {
                    key[at++] = ',';
                }

                at = AppendEscaped(key, at, state.tags[i].Key);
                key[at++] = '=';
                at = AppendEscaped(key, at, state.tags[i].Value);
            }

            key[at] = '}';
        });
    }

    private static bool NeedsEscape(char c) => c is '\\' or ',' or '=' or '{' or '}';

    private static int EscapedLength(string text)
    {
        int length = text.Length;
        foreach (char c in text)
        {
            length += NeedsEscape(c) ? 1 : 0;
        }

        return length;
    }

    private static int AppendEscaped(Span<char> key, int at, string text)
    {
        foreach (char c in text)
        {
            if (NeedsEscape(c))
            {
                key[at++] = '\\';
            }

            key[at++] = c;
        }

        return at;
    }
}
