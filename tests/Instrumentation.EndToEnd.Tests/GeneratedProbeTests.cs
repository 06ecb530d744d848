using Instrumentation.Collection;
using Instrumentation.EndToEnd.Library;
using Instrumentation.Probes;

namespace Instrumentation.EndToEnd.Tests;

/// <summary>The generator really ran on two assemblies: their probe methods count exactly and allocate nothing.</summary>
public sealed class GeneratedProbeTests
{
    [Fact]
    public async Task Probe_methods_in_two_assemblies_count_exactly()
    {
        await using Baseline run = await Baseline.StartAsync();

        for (int i = 0; i < 1_000; i++)
        {
            LibraryProbes.OrderPlaced(i % 4 == 0 ? Channel.App : Channel.Web, express: i % 10 == 0);
            TestProbes.CacheLookup(hit: i % 5 != 0, shardNumber: i % 2);
        }

        TestProbes.CacheEvicted(1);
        await run.FlushAsync();

        Assert.Equal(250, run.Sink.Sum("e2e.library.orders{channel=App,express=false}") + run.Sink.Sum("e2e.library.orders{channel=App,express=true}"));
        Assert.Equal(100, run.Sink.Sum("e2e.library.orders{channel=Web,express=true}") + run.Sink.Sum("e2e.library.orders{channel=App,express=true}"));
        Assert.Equal(400, run.Sink.Counter("e2e.cache{shard=0}", CacheFields.Hits));
        Assert.Equal(100, run.Sink.Counter("e2e.cache{shard=1}", CacheFields.Misses));
        Assert.Equal(1, run.Sink.Counter("e2e.cache{shard=1}", CacheFields.Evictions));
    }

    [Fact]
    public async Task An_undefined_enum_value_counts_in_the_other_choice()
    {
        await using Baseline run = await Baseline.StartAsync();

        LibraryProbes.OrderPlaced((Channel)7, express: false);
        LibraryProbes.OrderPlaced((Channel)(-1), express: true);
        LibraryProbes.OrderPlaced(Channel.App, express: true);
        await run.FlushAsync();

        Assert.Equal(1, run.Sink.Sum("e2e.library.orders{channel=__other__,express=false}"));
        Assert.Equal(1, run.Sink.Sum("e2e.library.orders{channel=__other__,express=true}"));
        Assert.Equal(1, run.Sink.Sum("e2e.library.orders{channel=App,express=true}"));
    }

    [Fact]
    public async Task A_metric_declared_in_two_assemblies_is_one_probe_with_the_issuing_sides_lifetime()
    {
        await using Baseline run = await Baseline.StartAsync();

        LibraryProbes.TokenIssued("mobile");
        LibraryProbes.TokenIssued("mobile");
        TestProbes.TokenRevoked("mobile");
        await run.FlushAsync();

        var probe = Assert.IsType<TokenProbe>(ProbeRegistry.Shared.Find("e2e.tokens"));
        Assert.Equal(TimeSpan.FromMinutes(10), probe.Definition.TokenLifetime);
        Assert.Equal(2, run.Sink.Counter("e2e.tokens{audience=mobile}", TokenFields.Issued));
        Assert.Equal(1, run.Sink.Counter("e2e.tokens{audience=mobile}", TokenFields.Revoked));
    }

    [Fact]
    public void Module_initialisers_register_probes_before_their_first_call()
    {
        Assert.Equal(1, LibraryWork.Touch());

        Assert.NotNull(ProbeRegistry.Shared.Find("e2e.library.work"));
        Assert.NotNull(ProbeRegistry.Shared.Find("e2e.presence"));
    }

    [Fact]
    public async Task Gauges_report_observed_values_and_deltas()
    {
        var sink = new SumSink();
        await using var collector = new InstrumentationCollector(ProbeRegistry.Shared, [sink]);
        TestProbes.PresenceChanged(0);
        await collector.FlushAsync();
        long presenceBefore = sink.Value("e2e.presence")!.Value;

        TestProbes.QueueLength = 12;
        TestProbes.PresenceChanged(+3);
        TestProbes.PresenceChanged(-1);
        await collector.FlushAsync();

        Assert.Equal(12, sink.Value("e2e.queue"));
        Assert.Equal(presenceBefore + 2, sink.Value("e2e.presence"));
    }

    [Fact]
    public async Task A_scope_from_a_probe_method_times_the_block_and_counts_its_failure()
    {
        await using Baseline run = await Baseline.StartAsync();

        using (LibraryProbes.Working())
        {
            Thread.Sleep(2);
        }

        using (TrackingScope scope = LibraryProbes.Working())
        {
            scope.Fail();
        }

        await run.FlushAsync();

        Assert.Equal(2, run.Sink.Counter("e2e.library.work", EndpointFields.Calls));
        Assert.Equal(1, run.Sink.Counter("e2e.library.work", EndpointFields.Failures));
        Assert.True(run.Sink.DurationSum("e2e.library.work") >= 2_000_000);
    }

    [Fact]
    public async Task A_value_parameter_adds_its_amount_to_the_value_sum_and_stays_out_of_the_tags()
    {
        await using Baseline run = await Baseline.StartAsync();

        TestProbes.Uploaded("image", 100);
        TestProbes.Uploaded("image", 250);
        TestProbes.Uploaded("video", 4_000_000_000);
        using (TestProbes.Transferring(items: 5))
        {
        }

        using (TestProbes.Transferring(items: 7))
        {
        }

        await run.FlushAsync();

        Assert.Equal((2, 350), (run.Sink.Counter("e2e.uploads{kind=image}", EventFields.Occurrences), run.Sink.Counter("e2e.uploads{kind=image}", EventFields.ValueSum)));
        Assert.Equal(4_000_000_000, run.Sink.Counter("e2e.uploads{kind=video}", EventFields.ValueSum));
        Assert.Equal((2, 12), (run.Sink.Counter("e2e.transfers", EventFields.Occurrences), run.Sink.Counter("e2e.transfers", EventFields.ValueSum)));
        Assert.True(ProbeRegistry.Shared.Find("e2e.uploads")!.Definition.SumsValues);
    }

    [Fact]
    public void Generated_probe_methods_allocate_nothing_per_call()
    {
        string[] kinds = ["created", "deleted"];
        void RecordAll(int i)
        {
            LibraryProbes.OrderPlaced(Channel.Web, express: (i & 1) == 0);
            LibraryProbes.TokenIssued("web");
            TestProbes.TokenRevoked("web");
            TestProbes.CacheLookup(hit: true, shardNumber: i & 3);
            TestProbes.Happened(kinds[i & 1]);
            TestProbes.Uploaded(kinds[i & 1], i);
            TestProbes.PresenceChanged(1);
            using TrackingScope transfer = TestProbes.Transferring(i & 7);
            using TrackingScope scope = LibraryProbes.Working();
        }

        for (int i = 0; i < 10_000; i++)
        {
            RecordAll(i);
        }

        EveryStripeAndOctave.Prepare(ProbeRegistry.Shared);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100_000; i++)
        {
            RecordAll(i);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
