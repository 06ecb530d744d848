using Instrumentation.Collection;
using Instrumentation.Probes;

namespace Instrumentation.Tests;

/// <summary>Each kind names its fields once; deltas and aggregates are read by those names.</summary>
public sealed class SeriesSchemaTests
{
    [Fact]
    public void The_positions_the_hot_path_uses_are_where_the_schemas_list_the_names()
    {
        Assert.Equal((EndpointFields.Calls, EndpointFields.Failures, EndpointFields.Count), (SeriesSchema.Endpoint.IndexOf(FieldNames.Calls), SeriesSchema.Endpoint.IndexOf(FieldNames.Failures), SeriesSchema.Endpoint.Fields.Count));
        Assert.Equal((TokenFields.Issued, TokenFields.Revoked, TokenFields.Count), (SeriesSchema.Token.IndexOf(FieldNames.Issued), SeriesSchema.Token.IndexOf(FieldNames.Revoked), SeriesSchema.Token.Fields.Count));
        Assert.Equal(
            (CacheFields.Hits, CacheFields.Misses, CacheFields.Evictions, CacheFields.Count),
            (SeriesSchema.Cache.IndexOf(FieldNames.Hits), SeriesSchema.Cache.IndexOf(FieldNames.Misses), SeriesSchema.Cache.IndexOf(FieldNames.Evictions), SeriesSchema.Cache.Fields.Count));
        Assert.Equal((EventFields.Occurrences, EventFields.ValueSum, EventFields.Count), (SeriesSchema.Event.IndexOf(FieldNames.Occurrences), SeriesSchema.Event.IndexOf(FieldNames.ValueSum), SeriesSchema.Event.Fields.Count));
        Assert.All(Enum.GetValues<ProbeKind>(), kind => Assert.Equal(kind, SeriesSchema.Of(kind).Kind));
    }

    [Fact]
    public void A_collected_delta_is_read_by_field_name()
    {
        var registry = new ProbeRegistry();
        CacheSeries cache = registry.GetOrAddCache("catalog").Default;
        var collector = new InstrumentationCollector(registry);
        cache.Lookup(hit: true);
        cache.Lookup(hit: true);
        cache.Lookup(hit: false);
        cache.Evict();

        SeriesDelta delta = Assert.Single(collector.Collect().Deltas);

        Assert.Equal(
            [new(FieldNames.Hits, 2), new(FieldNames.Misses, 1), new(FieldNames.Evictions, 1)],
            delta.Fields.ToArray());
    }

    [Fact]
    public void An_unknown_field_name_says_which_names_the_kind_has()
    {
        var fields = new SeriesFields(SeriesSchema.Token);

        KeyNotFoundException thrown = Assert.Throws<KeyNotFoundException>(() => fields["calls"]);

        Assert.Equal("A token series has no field 'calls'; its fields are: issued, revoked.", thrown.Message);
        Assert.False(fields.TryGetValue("calls", out _));
    }

    [Fact]
    public void A_delta_refuses_fields_of_another_kind()
    {
        var series = new SeriesInfo("api.orders", ProbeKind.Endpoint, []);

        ArgumentException thrown = Assert.Throws<ArgumentException>(() => new SeriesDelta(series, new SeriesFields(SeriesSchema.Cache)));

        Assert.Contains("calls, failures", thrown.Message, StringComparison.Ordinal);
    }
}
