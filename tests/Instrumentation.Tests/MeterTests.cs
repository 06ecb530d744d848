using System.Diagnostics.Metrics;
using Instrumentation.Metrics;
using Instrumentation.Probes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace Instrumentation.Tests;

public sealed class MeterTests : IDisposable
{
    [Fact]
    public void The_meter_carries_the_package_version_the_one_every_assembly_has()
    {
        Assert.Matches(@"^\d+\.\d+\.\d+(-[0-9A-Za-z.]+)?$", InstrumentNames.Version);
        Assert.NotEqual("1.0.0", InstrumentNames.Version);
        Assert.Equal(InstrumentNames.Version, _meter.Meter.Version);
        Assert.Equal(InstrumentNames.Version, typeof(ProbeRegistry).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false).Cast<System.Reflection.AssemblyInformationalVersionAttribute>().Single().InformationalVersion);
    }

    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly ProbeRegistry _registry = new();
    private readonly InstrumentationMeter _meter;

    public MeterTests()
    {
        _meter = new InstrumentationMeter(Factory, _registry);
    }

    private IMeterFactory Factory => _services.GetRequiredService<IMeterFactory>();

    public void Dispose()
    {
        _meter.Dispose();
        _services.Dispose();
    }

    [Fact]
    public void Endpoint_counts_are_read_at_collection_with_the_probe_and_its_tags_as_attributes()
    {
        EndpointProbe probe = _registry.GetOrAddEndpoint("api.orders", [TagDefinition.Text("client")]);
        EndpointSeries web = Series(probe, "web");
        web.Record(2_000_000, failed: false);
        web.Record(3_000_000, failed: true);
        web.End(web.Begin(), failed: false);
        _ = web.Begin();
        Series(probe, "ios").Record(1_000_000, failed: false);

        Assert.Equal([("api.orders", "web", 3L), ("api.orders", "ios", 1L)], Observe(InstrumentNames.EndpointCalls));
        Assert.Equal([("api.orders", "web", 1L), ("api.orders", "ios", 0L)], Observe(InstrumentNames.EndpointFailures));
        Assert.Equal([("api.orders", "web", 1L), ("api.orders", "ios", 0L)], Observe(InstrumentNames.EndpointActiveCalls));
    }

    [Fact]
    public void Tokens_caches_events_and_gauges_are_published_with_exact_totals()
    {
        TokenSeries token = _registry.GetOrAddToken("auth.token").Default;
        CacheSeries cache = _registry.GetOrAddCache("catalog.cache").Default;
        EventSeries evt = _registry.GetOrAddEvent("chat.message").Default;
        GaugeProbe presence = _registry.GetOrAddGauge("chat.presence");
        GaugeProbe buffer = _registry.GetOrAddGauge("audio.buffer");
        for (int i = 0; i < 5; i++)
        {
            token.Issue();
            cache.Lookup(hit: i < 4);
            evt.Increment();
        }

        token.Revoke();
        cache.Evict();
        evt.Add(10);
        presence.Default.Add(7);
        presence.Default.Decrement();
        buffer.Observe(() => 4096);

        Assert.Equal(5, Single(InstrumentNames.TokensIssued));
        Assert.Equal(1, Single(InstrumentNames.TokensRevoked));
        Assert.Equal(4, Single(InstrumentNames.CacheHits));
        Assert.Equal(1, Single(InstrumentNames.CacheMisses));
        Assert.Equal(1, Single(InstrumentNames.CacheEvictions));
        Assert.Equal(15, Single(InstrumentNames.EventOccurrences));
        Assert.Equal([("chat.presence", "", 6L), ("audio.buffer", "", 4096L)], Observe(InstrumentNames.GaugeValue));
    }

    [Fact]
    public void Event_value_sums_are_published_for_probes_with_a_value_only()
    {
        EventProbe uploads = _registry.GetOrAddEvent("storage.uploads", [TagDefinition.Text("kind")], sumsValues: true);
        EventSeries timed = _registry.GetOrAddEvent("storage.copies", timed: true, sumsValues: true).Default;
        _registry.GetOrAddEvent("orders.placed").Default.Increment();
        var image = new SeriesKey(0);
        image.Add("image");
        uploads.GetSeries(in image).IncrementWithValue(300);
        uploads.GetSeries(in image).IncrementWithValue(200);
        timed.AddValue(7);
        timed.Record(1_000_000);

        Assert.Equal([("storage.copies", "", 7L), ("storage.uploads", "image", 500L)], Observe(InstrumentNames.EventValueSum).Order());
        Assert.Equal([("orders.placed", "", 1L), ("storage.copies", "", 1L), ("storage.uploads", "image", 2L)], Observe(InstrumentNames.EventOccurrences).Order());
    }

    [Fact]
    public void A_value_sum_may_go_down_so_it_is_published_as_an_up_down_counter()
    {
        EventSeries adjustments = _registry.GetOrAddEvent("stock.adjusted", sumsValues: true).Default;
        adjustments.IncrementWithValue(5);
        adjustments.IncrementWithValue(-8);
        using var collector = new MetricCollector<long>(Factory, InstrumentNames.Meter, InstrumentNames.EventValueSum);

        collector.RecordObservableInstruments();

        Assert.IsType<ObservableUpDownCounter<long>>(collector.Instrument);
        Assert.Equal(-3, Assert.Single(collector.GetMeasurementSnapshot()).Value);
    }

    [Fact]
    public void The_overflow_series_is_published_with_opentelemetrys_overflow_attribute_instead_of_its_tags()
    {
        EventProbe probe = _registry.GetOrAddEvent("search.terms", [TagDefinition.Text("term")], cardinalityLimit: 1);
        foreach (string term in new[] { "shoes", "socks", "hats" })
        {
            var key = new SeriesKey(0);
            key.Add(term);
            probe.GetSeries(in key).Increment();
        }

        using var collector = new MetricCollector<long>(Factory, InstrumentNames.Meter, InstrumentNames.EventOccurrences);
        collector.RecordObservableInstruments();

        CollectedMeasurement<long> overflow = Assert.Single(collector.GetMeasurementSnapshot(), m => m.Tags.ContainsKey("otel.metric.overflow"));
        Assert.Equal(true, overflow.Tags["otel.metric.overflow"]);
        Assert.False(overflow.Tags.ContainsKey("term"));
        Assert.Equal("search.terms", overflow.Tags[InstrumentNames.ProbeAttribute]);
        Assert.Equal(2, overflow.Value);
    }

    [Fact]
    public void A_probe_registered_after_the_meter_was_created_is_published_too()
    {
        using var calls = new MetricCollector<long>(Factory, InstrumentNames.Meter, InstrumentNames.EndpointCalls);
        calls.RecordObservableInstruments();
        Assert.Empty(calls.GetMeasurementSnapshot());

        _registry.GetOrAddEndpoint("late").Default.Record(1, failed: false);
        calls.RecordObservableInstruments();

        Assert.Equal(1, calls.LastMeasurement!.Value);
    }

    [Fact]
    public void Durations_reach_the_histogram_in_seconds_only_while_a_listener_is_enabled()
    {
        EndpointSeries series = _registry.GetOrAddEndpoint("api.orders").Default;
        series.Record(5_000_000, failed: false);

        using (var durations = new MetricCollector<double>(Factory, InstrumentNames.Meter, InstrumentNames.EndpointDuration))
        {
            series.Record(2_000_000, failed: false);
            series.Record(250_000_000, failed: true);

            Assert.Equal([0.002, 0.25], durations.GetMeasurementSnapshot().Select(m => m.Value));
            Assert.Equal("api.orders", durations.LastMeasurement!.Tags[InstrumentNames.ProbeAttribute]);
        }

        using var later = new MetricCollector<double>(Factory, InstrumentNames.Meter, InstrumentNames.EndpointDuration);
        series.Record(1_000_000, failed: false);
        Assert.Single(later.GetMeasurementSnapshot());
    }

    [Fact]
    public void Timed_events_record_durations_and_untimed_ones_do_not()
    {
        using var durations = new MetricCollector<double>(Factory, InstrumentNames.Meter, InstrumentNames.EventDuration);
        _registry.GetOrAddEvent("report.render", timed: true).Default.Record(40_000_000);
        _registry.GetOrAddEvent("report.viewed").Default.Record(40_000_000);

        Assert.Equal(("report.render", 0.04), durations.GetMeasurementSnapshot().Select(m => ((string)m.Tags[InstrumentNames.ProbeAttribute]!, m.Value)).Single());
    }

    [Fact]
    public void A_disposed_meter_no_longer_receives_durations()
    {
        using var durations = new MetricCollector<double>(Factory, InstrumentNames.Meter, InstrumentNames.EndpointDuration);
        EndpointSeries series = _registry.GetOrAddEndpoint("api.orders").Default;
        series.Record(1_000_000, failed: false);

        _meter.Dispose();
        series.Record(1_000_000, failed: false);

        Assert.Single(durations.GetMeasurementSnapshot());
    }

    [Fact]
    public void A_gauge_observer_that_throws_loses_only_its_own_value()
    {
        _registry.GetOrAddGauge("broken").Observe(() => throw new InvalidOperationException("boom"));
        _registry.GetOrAddGauge("fine").Default.Add(3);

        Assert.Equal([("fine", "", 3L)], Observe(InstrumentNames.GaugeValue));
    }

    [Fact]
    public void Recording_durations_into_an_enabled_histogram_allocates_nothing_on_our_side()
    {
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == InstrumentNames.Meter)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>(static (_, _, _, _) => { });
        listener.Start();
        EndpointSeries series = _registry.GetOrAddEndpoint("api.orders").Default;
        series.Record(1, failed: false);
        series.CreateEveryChunk();

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            series.End(series.Begin(), failed: false);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static EndpointSeries Series(EndpointProbe probe, string client)
    {
        var key = new SeriesKey(0);
        key.Add(client);
        return probe.GetSeries(in key);
    }

    private long Single(string instrument) => Assert.Single(Observe(instrument)).Value;

    /// <summary>Collects the observable instrument once: (probe, first tag value or "", value) per series.</summary>
    private List<(string Probe, string Tag, long Value)> Observe(string instrument)
    {
        using var collector = new MetricCollector<long>(Factory, InstrumentNames.Meter, instrument);
        collector.RecordObservableInstruments();
        return
        [
            .. collector.GetMeasurementSnapshot().Select(m => (
                (string)m.Tags[InstrumentNames.ProbeAttribute]!,
                m.Tags.Where(t => t.Key != InstrumentNames.ProbeAttribute).Select(t => (string)t.Value!).FirstOrDefault() ?? "",
                m.Value)),
        ];
    }
}
