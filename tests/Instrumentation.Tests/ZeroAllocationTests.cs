using Instrumentation.Probes;

namespace Instrumentation.Tests;

public sealed class ZeroAllocationTests
{
    private const int Records = 100_000;

    private static readonly TagDefinition s_client = TagDefinition.Text("client");
    private static readonly TagDefinition s_aspect = TagDefinition.Choice("aspect", "Read", "Write", "Delete");
    private static readonly TagDefinition s_status = TagDefinition.Number("status");

    public static TheoryData<string> Cases => [.. BuildCases(new ProbeRegistry()).Keys];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Recording_allocates_nothing(string name)
    {
        // Warm up with the very values measured, then give every timed series all its histogram octaves
        // (real timestamps can land anywhere): the first use of a series, an octave or a stripe allocates by design.
        var registry = new ProbeRegistry();
        Action<int> record = BuildCases(registry)[name];
        for (int i = 0; i < Records; i++)
        {
            record(i);
        }

        EveryOctave.Prepare(registry);

        // Measured in up to five rounds: the runtime's tiered compilation can, once, allocate on this thread while a
        // method is promoted mid-loop. Steady recording must reach 0 B; a round that allocates every time fails.
        var rounds = new List<long>();
        for (int round = 0; round < 5 && (rounds.Count == 0 || rounds[^1] != 0); round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < Records; i++)
            {
                record(i);
            }

            rounds.Add(GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.True(rounds[^1] == 0, $"Bytes allocated per round of {Records:N0} records: {string.Join(", ", rounds)}.");
    }

    /// <summary>One recording action per probe kind, with no tags, a text tag, a choice tag and mixed tags.</summary>
    private static Dictionary<string, Action<int>> BuildCases(ProbeRegistry registry)
    {
        string[] clients = ["web", "ios", "android", "partner"];
        EndpointProbe endpoint = registry.GetOrAddEndpoint("endpoint");
        EndpointProbe endpointByClient = registry.GetOrAddEndpoint("endpoint.client", [s_client]);
        TokenProbe token = registry.GetOrAddToken("token");
        TokenProbe tokenByAspect = registry.GetOrAddToken("token.aspect", [s_aspect]);
        CacheProbe cache = registry.GetOrAddCache("cache");
        CacheProbe cacheByClient = registry.GetOrAddCache("cache.client", [s_client]);
        EventProbe evt = registry.GetOrAddEvent("event");
        EventProbe eventByAspect = registry.GetOrAddEvent("event.aspect", [s_aspect]);
        EventProbe eventMixed = registry.GetOrAddEvent("event.mixed", [s_aspect, s_client, s_status]);
        EventProbe timedEvent = registry.GetOrAddEvent("event.timed", [s_client], timed: true);
        GaugeProbe gauge = registry.GetOrAddGauge("gauge");
        GaugeProbe gaugeByAspect = registry.GetOrAddGauge("gauge.aspect", [s_aspect]);
        UsageProbe usage = registry.GetOrAddUsage("usage", [TagDefinition.Text("model"), TagDefinition.Text("provider")]);
        UsageProbe timedUsage = registry.GetOrAddUsage("usage.timed", [s_client], timed: true);
        UsageProbe pricedUsage = registry.GetOrAddUsage("usage.priced", [TagDefinition.Text("model")]);
        registry.UsagePrices = UsagePriceTable.From([new("web", new UsagePrice { InputPerMillion = 2.5m, OutputPerMillion = 10m }), new("ios", new UsagePrice { InputPerMillion = 0.0000001m })]);

        return new()
        {
            ["endpoint"] = i => endpoint.Default.End(endpoint.Default.Begin(), failed: (i & 1) == 0),
            ["endpoint, text tag"] = i =>
            {
                var key = new SeriesKey(0);
                key.Add(clients[i & 3]);
                endpointByClient.GetSeries(in key).Record(i, failed: false);
            },
            ["endpoint scope"] = _ =>
            {
                using TrackingScope scope = endpoint.Default.Start();
                scope.Fail();
            },
            ["token"] = i =>
            {
                token.Default.Issue();
                token.Default.Revoke();
            },
            ["token, choice tag"] = i => tokenByAspect.GetSeries(i % 3).Issue(),
            ["usage, two text tags"] = i =>
            {
                var key = new SeriesKey(0);
                key.Add(clients[i & 3]);
                key.Add(clients[(i >> 2) & 1]);
                usage.GetSeries(in key).Record(inputTokens: 120, outputTokens: i & 255, costMicros: 42, failed: (i & 7) == 0);
            },
            ["usage timed"] = i =>
            {
                var key = new SeriesKey(0);
                key.Add(clients[i & 3]);
                UsageSeries series = timedUsage.GetSeries(in key);
                series.Record(inputTokens: 120, outputTokens: 80, costMicros: 42, elapsedNanoseconds: 1_000 + i, failed: false);
            },
            ["usage priced by the registry's table (integer, decimal and no price)"] = i =>
            {
                var key = new SeriesKey(0);
                key.Add(clients[i % 3]);
                pricedUsage.GetSeries(in key).RecordPriced(inputTokens: 120, outputTokens: i & 255, failed: false);
            },
            ["cache"] = i => cache.Default.Lookup(hit: (i & 1) == 0),
            ["cache, text tag"] = i =>
            {
                var key = new SeriesKey(0);
                key.Add(clients[i & 3]);
                CacheSeries series = cacheByClient.GetSeries(in key);
                series.Lookup(hit: true);
                series.Evict();
            },
            ["event"] = _ => evt.Default.Increment(),
            ["event, choice tag"] = i => eventByAspect.GetSeries(i % 3).Increment(),
            ["event, choice + text + number tags"] = i =>
            {
                var key = new SeriesKey(i % 3);
                key.Add(clients[i & 3]);
                key.Add(200 + (i % 5));
                eventMixed.GetSeries(in key).Increment();
            },
            ["timed event, text tag"] = i =>
            {
                var key = new SeriesKey(0);
                key.Add(clients[i & 3]);
                timedEvent.GetSeries(in key).Record(i);
            },
            ["gauge"] = i => gauge.Default.Add((i & 1) == 0 ? 1 : -1),
            ["gauge, choice tag"] = i => gaugeByAspect.GetSeries(i % 3).Increment(),
        };
    }
}
