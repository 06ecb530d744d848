using Instrumentation.Probes;

namespace Instrumentation.Tests;

/// <summary>A series key read back into its metric and tags, for sinks that store the key alone.</summary>
public sealed class SeriesKeyParsingTests
{
    [Theory]
    [InlineData("plain")]
    [InlineData("a,b=c{d}e\\f")]
    [InlineData("")]
    [InlineData("ends\\")]
    [InlineData("\u001f")]
    public void Any_tag_value_round_trips_through_the_key(string value)
    {
        var series = new SeriesInfo("api.orders", ProbeKind.Endpoint, [new("client", value), new("status", "200")]);

        Assert.True(SeriesInfo.TryParseKey(series.Key, out string? metric, out IReadOnlyList<KeyValuePair<string, string>>? tags));

        Assert.Equal("api.orders", metric);
        Assert.Equal(series.Tags, tags);
    }

    [Fact]
    public void A_key_without_tags_is_its_metric()
    {
        Assert.True(SeriesInfo.TryParseKey("catalog", out string? metric, out IReadOnlyList<KeyValuePair<string, string>>? tags));
        Assert.Equal(("catalog", 0), (metric, tags.Count));
    }

    [Theory]
    [InlineData("api.orders|calls")]
    [InlineData("api.orders{client=web}|calls")]
    [InlineData("api.orders{client=web")]
    [InlineData("api.orders{client}")]
    [InlineData("api.orders{client=a=b}")]
    [InlineData("#api.orders")]
    [InlineData("{client=web}")]
    public void Text_that_is_not_a_key_is_refused(string text)
    {
        Assert.False(SeriesInfo.TryParseKey(text, out string? metric, out IReadOnlyList<KeyValuePair<string, string>>? tags));
        Assert.Null(metric);
        Assert.Null(tags);
    }
}
