using Instrumentation.Collection;
using Instrumentation.Probes;

namespace Instrumentation.Tests;

public sealed class SeriesSelectionTests
{
    private static readonly TagDefinition s_client = TagDefinition.Text("client");
    private static readonly TagDefinition s_aspect = TagDefinition.Choice("aspect", "Read", "Write");

    [Fact]
    public async Task Values_past_the_cardinality_limit_fold_into_one_overflow_series_that_counts_every_event()
    {
        var registry = new ProbeRegistry();
        EventProbe probe = registry.GetOrAddEvent("logins", [s_client], cardinalityLimit: 10);
        var sink = new RecordingSink();
        await using var collector = new InstrumentationCollector(registry, [sink]);

        for (int client = 0; client < 100; client++)
        {
            for (int i = 0; i < 3; i++)
            {
                var key = new SeriesKey(0);
                key.Add($"client-{client}");
                probe.GetSeries(in key).Increment();
            }
        }

        await collector.FlushAsync();

        Assert.Equal(11, probe.Series.Count);
        Assert.Single(probe.Series, s => s.Info.IsOverflow);
        Assert.Equal(3, sink.Counter("logins{client=client-0}", EventFields.Occurrences));
        Assert.Equal(270, sink.Counter("logins{client=__overflow__}", EventFields.Occurrences));
        Assert.Equal(300, probe.Series.Sum(s => sink.Counter(s.Info.Key, EventFields.Occurrences)));
    }

    [Fact]
    public void The_default_limit_is_1000_and_comes_from_the_registry()
    {
        var registry = new ProbeRegistry();
        EventProbe probe = registry.GetOrAddEvent("clicks", [s_client]);
        Assert.Equal(1000, probe.CardinalityLimit);

        registry.DefaultCardinalityLimit = 2;
        for (int i = 0; i < 5; i++)
        {
            var key = new SeriesKey(0);
            key.Add(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            probe.GetSeries(in key).Increment();
        }

        Assert.Equal(3, probe.Series.Count);
    }

    [Fact]
    public void A_choice_index_selects_the_series_named_by_that_choice()
    {
        var registry = new ProbeRegistry();
        EventProbe probe = registry.GetOrAddEvent("edits", [s_aspect, TagDefinition.Bool("bulk")]);

        EventSeries writeBulk = probe.GetSeries((1 * 2) + 1);
        EventSeries readSingle = probe.GetSeries(0);

        Assert.Equal("edits{aspect=Write,bulk=true}", writeBulk.Info.Key);
        Assert.Equal("edits{aspect=Read,bulk=false}", readSingle.Info.Key);
        Assert.Same(writeBulk, probe.GetSeries(3));
    }

    [Fact]
    public void A_choice_index_out_of_range_selects_the_overflow_series_instead_of_throwing()
    {
        var registry = new ProbeRegistry();
        EventProbe probe = registry.GetOrAddEvent("edits", [s_aspect]);

        Assert.True(probe.GetSeries(2).Info.IsOverflow);
        Assert.True(probe.GetSeries(-1).Info.IsOverflow);
    }

    [Fact]
    public void Mixed_tags_keep_their_declared_order_and_text_and_numbers_never_collide()
    {
        var registry = new ProbeRegistry();
        EventProbe probe = registry.GetOrAddEvent("requests", [s_client, s_aspect, TagDefinition.Number("status")]);

        var text = new SeriesKey(1);
        text.Add("web");
        text.Add(404);
        var textAgain = new SeriesKey(1);
        textAgain.Add("web");
        textAgain.Add(404);
        var numberAsText = new SeriesKey(1);
        numberAsText.Add("web");
        numberAsText.Add("404");

        EventSeries series = probe.GetSeries(in text);
        Assert.Equal("requests{client=web,aspect=Write,status=404}", series.Info.Key);
        Assert.Same(series, probe.GetSeries(in textAgain));
        Assert.NotSame(series, probe.GetSeries(in numberAsText));
    }

    [Fact]
    public void Lookups_stay_correct_while_the_table_grows_under_two_threads()
    {
        var registry = new ProbeRegistry();
        EventProbe probe = registry.GetOrAddEvent("grow", [s_client], cardinalityLimit: 5_000);

        StripedCountingTests.RunOnThreads(2, () =>
        {
            for (int i = 0; i < 2_000; i++)
            {
                var key = new SeriesKey(0);
                key.Add(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                probe.GetSeries(in key).Increment();
            }
        });

        Assert.Equal(2_000, probe.Series.Count);
        Assert.Equal(2_000, probe.Series.Select(s => s.Info.Key).Distinct().Count());
    }

    [Fact]
    public void Special_characters_in_tag_values_are_escaped_in_the_series_key()
    {
        var registry = new ProbeRegistry();
        EventProbe probe = registry.GetOrAddEvent("q", [s_client]);
        var key = new SeriesKey(0);
        key.Add("a,b=c}");

        Assert.Equal(@"q{client=a\,b\=c\}}", probe.GetSeries(in key).Info.Key);
    }
}
