using Instrumentation.Collection;
using Instrumentation.Probes;

namespace Instrumentation.Tests;

/// <summary>
/// The layout that makes a series cost what it has seen (shared fields until threads collide, then stripes;
/// histogram octaves on first use) and the change stamps that let a collection read only what changed.
/// </summary>
public sealed class SparseSeriesTests
{
    private const int RecordsPerThread = 200_000;
    private static readonly string[] Clients = ["web", "ios", "android"];

    public static TheoryData<string, bool> KindsAndLayouts()
    {
        var data = new TheoryData<string, bool>();
        foreach (string kind in Recorders.Keys)
        {
            data.Add(kind, false);
            data.Add(kind, true);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(KindsAndLayouts))]
    public async Task Totals_are_exact_under_threads_in_either_layout_while_collecting(string kind, bool striped)
    {
        var registry = new ProbeRegistry();
        var sink = new RecordingSink();
        await using var collector = new InstrumentationCollector(registry, [sink]);
        Action<int> record = Recorders[kind](registry);
        record(0);
        if (striped)
        {
            foreach (Series series in registry.Probes.SelectMany(p => p.Series))
            {
                series.Collided();
            }
        }

        using var stop = new CancellationTokenSource();
        Task collecting = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                collector.Collect();
            }
        });
        StripedCountingTests.RunOnThreads(3, () =>
        {
            for (int i = 1; i <= RecordsPerThread; i++)
            {
                record(i);
            }
        });
        await stop.CancelAsync();
        await collecting;
        await collector.FlushAsync();

        long expected = (3L * RecordsPerThread) + 1;
        Series recorded = Assert.Single(registry.Probes.SelectMany(p => p.Series));
        if (recorded is GaugeSeries)
        {
            Assert.Equal(expected, recorded.ReadValue());
            Assert.Equal(expected, sink.Batches[^1].Deltas.Single().Value);
        }
        else
        {
            Assert.Equal(expected, recorded.ReadCounter(0));
            Assert.Equal(expected, sink.Batches.SelectMany(b => b.Deltas).Sum(d => d.Fields.Values.First()));
        }

        if (registry.Probes.Single().Definition.SumsValues)
        {
            Assert.Equal(3 * expected, recorded.ReadCounter(EventFields.ValueSum));
            Assert.Equal(3 * expected, sink.Batches.SelectMany(b => b.Deltas).Sum(d => d.Fields[FieldNames.ValueSum]));
        }
    }

    [Fact]
    public void A_series_recorded_from_one_thread_keeps_one_set_of_fields_and_only_the_octaves_it_saw()
    {
        var registry = new ProbeRegistry();
        EndpointProbe probe = registry.GetOrAddEndpoint("api.small");
        probe.Default.Record(1_000_000, failed: false);
        probe.Default.Record(1_000_000, failed: true);

        long before = GC.GetAllocatedBytesForCurrentThread();
        EndpointSeries series = probe.Default;
        for (int i = 0; i < 100_000; i++)
        {
            series.Record(1_000_000 + (i % 1000), failed: i % 10 == 0);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.False(series.IsStriped);
        Span<long> buckets = stackalloc long[LatencyBuckets.Count];
        Assert.Equal(1UL << (LatencyBuckets.IndexOf(1_000_000) / LatencyBuckets.BucketsPerOctave), series.ReadBuckets(buckets, failed: false));
    }

    [Fact]
    public void Creating_a_timed_series_and_recording_once_allocates_well_under_a_kilobyte_whatever_the_stripe_count()
    {
        var registry = new ProbeRegistry();
        EndpointProbe probe = registry.GetOrAddEndpoint("api.many", [TagDefinition.Text("route")], cardinalityLimit: 10_000);
        string[] routes = [.. Enumerable.Range(0, 2_000).Select(i => $"/r/{i}")];
        Record(probe, "/warm-up");

        long before = GC.GetAllocatedBytesForCurrentThread();
        foreach (string route in routes)
        {
            Record(probe, route);
        }

        long perSeries = (GC.GetAllocatedBytesForCurrentThread() - before) / routes.Length;
        Assert.InRange(perSeries, 1, 1_024);

        static void Record(EndpointProbe probe, string route)
        {
            var key = new SeriesKey(0);
            key.Add(route);
            probe.GetSeries(in key).Record(1_000_000, failed: false);
        }
    }

    [Fact]
    public void A_pass_reads_only_the_series_that_changed_since_the_last_one()
    {
        var registry = new ProbeRegistry();
        EventProbe probe = registry.GetOrAddEvent("jobs.done", [TagDefinition.Number("job")], cardinalityLimit: 10_000);
        var all = new List<EventSeries>();
        for (int job = 0; job < 5_000; job++)
        {
            var key = new SeriesKey(0);
            key.Add(job);
            all.Add(probe.GetSeries(in key));
        }

        var collector = new InstrumentationCollector(registry);
        collector.Collect();
        Assert.Equal(5_000, collector.SeriesReadLastPass);

        all[7].Increment();
        all[4_999].Add(3);
        MetricsBatch batch = collector.Collect();

        Assert.Equal(2, collector.SeriesReadLastPass);
        Assert.Equal([1L, 3L], batch.Deltas.Select(d => d.Fields[FieldNames.Occurrences]).Order());
        collector.Collect();
        Assert.Equal(0, collector.SeriesReadLastPass);
    }

    [Fact]
    public void Two_collectors_on_one_registry_each_see_every_change()
    {
        var registry = new ProbeRegistry();
        EventSeries series = registry.GetOrAddEvent("orders.placed").Default;
        var first = new InstrumentationCollector(registry);
        var second = new InstrumentationCollector(registry);
        first.Collect();
        second.Collect();

        series.Add(5);
        Assert.Equal(5, Assert.Single(first.Collect().Deltas).Fields[FieldNames.Occurrences]);
        series.Add(2);
        Assert.Equal(7, Assert.Single(second.Collect().Deltas).Fields[FieldNames.Occurrences]);
        Assert.Equal(2, Assert.Single(first.Collect().Deltas).Fields[FieldNames.Occurrences]);
    }

    [Fact]
    public async Task The_first_collector_keeps_its_state_on_the_series_and_gives_it_back_when_it_stops()
    {
        var registry = new ProbeRegistry();
        EventSeries series = registry.GetOrAddEvent("orders.placed").Default;
        var first = new InstrumentationCollector(registry);
        var second = new InstrumentationCollector(registry);
        series.Add(3);
        first.Collect();
        second.Collect();
        object? held = series.CollectorState;

        await first.DisposeAsync();
        series.Add(4);
        await using var third = new InstrumentationCollector(registry);
        third.Collect();

        Assert.Same(first, Assert.IsType<SeriesState>(held).Owner);
        Assert.Same(third, Assert.IsType<SeriesState>(series.CollectorState).Owner);
        Assert.Equal(4, Assert.Single(second.Collect().Deltas).Fields[FieldNames.Occurrences]);
        Assert.Empty(third.Collect().Deltas);
    }

    [Fact]
    public void A_series_created_after_a_pass_and_never_recorded_is_read_by_the_next()
    {
        var registry = new ProbeRegistry();
        EventProbe probe = registry.GetOrAddEvent("routes.mapped", [TagDefinition.Text("route")]);
        var collector = new InstrumentationCollector(registry);
        collector.Collect();

        var key = new SeriesKey(0);
        key.Add("/orders");
        _ = probe.GetSeries(in key);

        SeriesDelta delta = Assert.Single(collector.Collect().Deltas);
        Assert.Equal(("/orders", 0L), (delta.Series.Tags[0].Value, delta.Fields[FieldNames.Occurrences]));
    }

    [Fact]
    public void An_observed_gauge_is_read_by_every_pass_though_nothing_records_into_it()
    {
        var registry = new ProbeRegistry();
        GaugeProbe gauge = registry.GetOrAddGauge("queue.length");
        long length = 3;
        gauge.Observe(() => length);
        var collector = new InstrumentationCollector(registry);
        Assert.Equal(3, Assert.Single(collector.Collect().Deltas).Value);

        length = 9;
        Assert.Equal(9, Assert.Single(collector.Collect().Deltas).Value);
    }

    /// <summary>Every kind with a tag of each type; the first counter of each counts one per call.</summary>
    private static readonly Dictionary<string, Func<ProbeRegistry, Action<int>>> Recorders = new()
    {
        ["endpoint, text tag"] = registry =>
        {
            EndpointProbe probe = registry.GetOrAddEndpoint("e", [TagDefinition.Text("client")]);
            return i => probe.GetSeries(Text(Clients[0])).Record(500 + (i % 100_000), failed: i % 3 == 0);
        },
        ["endpoint begin/end"] = registry =>
        {
            EndpointProbe probe = registry.GetOrAddEndpoint("eb");
            return i => probe.Default.End(probe.Default.Begin(), failed: false);
        },
        ["timed event, choice tag"] = registry =>
        {
            EventProbe probe = registry.GetOrAddEvent("te", [TagDefinition.Choice("aspect", "Read", "Write")], timed: true);
            return i => probe.GetSeries(0).Record(i);
        },
        ["event, number tag"] = registry =>
        {
            EventProbe probe = registry.GetOrAddEvent("ev", [TagDefinition.Number("status")]);
            return i =>
            {
                var key = new SeriesKey(0);
                key.Add(200);
                probe.GetSeries(in key).Increment();
            };
        },
        ["event with a value, text tag"] = registry =>
        {
            EventProbe probe = registry.GetOrAddEvent("ev", [TagDefinition.Text("kind")], sumsValues: true);
            return i => probe.GetSeries(Text("upload")).IncrementWithValue(3);
        },
        ["timed event with a value"] = registry =>
        {
            EventSeries series = registry.GetOrAddEvent("tv", timed: true, sumsValues: true).Default;
            return i =>
            {
                series.AddValue(3);
                series.Record(i);
            };
        },
        ["token, bool tag"] = registry =>
        {
            TokenProbe probe = registry.GetOrAddToken("tk", [TagDefinition.Bool("refresh")]);
            return i => probe.GetSeries(1).Issue();
        },
        ["cache, no tags"] = registry =>
        {
            CacheProbe probe = registry.GetOrAddCache("ch");
            return i => probe.Default.Lookup(hit: true);
        },
        ["gauge, text tag"] = registry =>
        {
            GaugeProbe probe = registry.GetOrAddGauge("gg", [TagDefinition.Text("pool")]);
            return i => probe.GetSeries(Text("db")).Increment();
        },
    };

    private static SeriesKey Text(string value)
    {
        var key = new SeriesKey(0);
        key.Add(value);
        return key;
    }
}
