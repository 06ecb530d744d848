using System.Globalization;
using Instrumentation.Collection;
using Instrumentation.Probes;
using Instrumentation.Snapshots;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace Instrumentation.Sinks.Redis.Tests;

/// <summary>Fleet windows in a real Redis: exact totals over instances, windows that age, outages that lose nothing.</summary>
public sealed class RedisSinkTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-11-24T12:00:05Z", CultureInfo.InvariantCulture));

    [Fact]
    public async Task Two_instances_writing_to_one_Redis_give_exact_fleet_totals()
    {
        await using RedisServer redis = await RedisServer.StartAsync();
        await using Instance a = new(redis, "a", _time);
        await using Instance b = new(redis, "b", _time);

        a.Record(calls: 120, failures: 7, client: "web");
        b.Record(calls: 80, failures: 3, client: "web");
        b.Record(calls: 5, failures: 5, client: "ios");
        a.Presence.Add(3);
        b.Presence.Add(4);
        _time.Advance(TimeSpan.FromSeconds(1));
        await a.FlushAsync();
        await b.FlushAsync();

        InstrumentationSnapshot fleet = await a.FleetAsync(SnapshotWindow.OneMinute);

        EndpointSnapshot web = fleet.Endpoints.Single(e => e.Tags["client"] == "web");
        Assert.Equal((200, 10), (web.Requests, web.Errors));
        Assert.Equal((5, 5), fleet.Endpoints.Where(e => e.Tags["client"] == "ios").Select(e => (e.Requests, e.Errors)).Single());
        Assert.InRange(web.P50Ms!.Value, 2 * 0.9375, 2 * 1.0625);
        Assert.Equal(7, fleet.Gauges.Single().Value);
        Assert.Equal(["a", "b"], (await a.Source.InstancesAsync()).Select(i => i.Instance).Order());

        InstrumentationSnapshot onlyB = await new SnapshotService([a.Source.ForInstance("b")], _time).GetSnapshotAsync(SnapshotWindow.OneMinute, SnapshotScope.Fleet);
        Assert.Equal([("ios", 5L, 5L), ("web", 80L, 3L)], onlyB.Endpoints.Select(e => (e.Tags["client"], e.Requests, e.Errors)).OrderBy(e => e.Item1));
        Assert.Equal(4, onlyB.Gauges.Single().Value);
    }

    [Fact]
    public async Task A_series_is_one_field_per_bucket_holding_its_fields_by_position_and_read_back_by_name()
    {
        await using RedisServer redis = await RedisServer.StartAsync();
        await using Instance a = new(redis, "a", _time);
        a.Record(calls: 6, failures: 2, client: "web");
        for (int i = 0; i < 9; i++)
        {
            a.Catalog.Lookup(hit: i < 7);
        }

        a.Catalog.Evict();
        _time.Advance(TimeSpan.FromSeconds(1));
        await a.FlushAsync();

        await using ConnectionMultiplexer connection = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        RedisKey bucket = $"{{test:v3:10s:{_time.GetUtcNow().ToUnixTimeSeconds() / 10 * 10}}}";
        Dictionary<string, string> fields = connection.GetDatabase().HashGetAll(bucket).ToDictionary(e => (string)e.Name!, e => (string)e.Value!);
        InstrumentationSnapshot fleet = await a.FleetAsync(SnapshotWindow.OneMinute);

        // calls, failures, duration sum (6 × 2 ms), then the histogram bucket of 2 ms with its count.
        Assert.Matches(@"^6,2,12000000,\d+:6$", fields["api.orders{client=web}"]);
        Assert.Equal("7,2,1,0", fields["catalog"]);
        Assert.Equal("endpoint,1,0", fields["#api.orders"]);
        Assert.Equal(["#api.orders", "#catalog", "#chat.presence", "api.orders{client=web}", "catalog", "chat.presence"], fields.Keys.Order(StringComparer.Ordinal));
        CacheSnapshot catalog = fleet.Caches.Single();
        Assert.Equal((7, 2, 1), (catalog.Hits, catalog.Misses, catalog.EvictionsLastHour));
        Assert.Equal((6, 2), fleet.Endpoints.Select(e => (e.Requests, e.Errors)).Single());
    }

    [Fact]
    public async Task Histograms_written_by_two_instances_add_up_bucket_by_bucket_in_the_script()
    {
        await using RedisServer redis = await RedisServer.StartAsync();
        var info = new SeriesInfo("api.orders", ProbeKind.Endpoint, [new("client", "web")], hasDuration: true);
        DateTimeOffset to = _time.GetUtcNow();
        foreach ((string instance, BucketCount[] buckets) in new[]
        {
            ("a", new BucketCount[] { new(10, 1), new(11, 2), new(12, 1), new(20, 5) }),
            ("b", new BucketCount[] { new(21, 1), new(11, 3), new(13, 1), new(20, 2) }),
        })
        {
            await using var sink = new RedisMetricsSink(new RedisSinkOptions { Configuration = redis.Configuration, InstanceId = instance, KeyPrefix = "test" }, _time);
            var delta = new SeriesDelta(info, new SeriesFields(SeriesSchema.Endpoint) { [FieldNames.Calls] = buckets.Sum(b => b.Count), [FieldNames.Failures] = 1 }, value: null, durationSumNanoseconds: 1_000, buckets);
            await sink.WriteAsync(new MetricsBatch(to, to, [delta], Guid.CreateVersion7()), default);
        }

        await using ConnectionMultiplexer connection = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        string? fleet = await connection.GetDatabase().HashGetAsync($"{{test:v3:10s:{to.ToUnixTimeSeconds() / 10 * 10}}}", info.Key);
        string? onlyB = await connection.GetDatabase().HashGetAsync($"{{test:v3:10s:{to.ToUnixTimeSeconds() / 10 * 10}}}:instance:b", info.Key);

        Assert.Equal("16,2,2000,10:1,:5,:1,:1,20:7,:1", fleet);
        Assert.Equal("7,1,1000,11:3,13:1,20:2,:1", onlyB);
    }

    [Fact]
    public async Task No_key_of_this_layout_is_one_the_previous_layout_reads()
    {
        // Instances of the previous version read {prefix:10s:…}, {prefix:1m:…} and {prefix}:values:… and fail on this
        // layout's fields; during a rolling upgrade they must not meet them.
        await using RedisServer redis = await RedisServer.StartAsync();
        await using Instance a = new(redis, "a", _time);
        a.Record(calls: 3, failures: 0, client: "web");
        a.Presence.Add(2);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await a.FlushAsync());

        await using ConnectionMultiplexer connection = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        string[] keys = [.. connection.GetServer(connection.GetEndPoints()[0]).Keys(pattern: "*").Select(k => (string)k!)];

        Assert.Contains(keys, k => k.StartsWith("{test:v3:10s:", StringComparison.Ordinal));
        Assert.Contains("{test}:v3:values:a", keys);
        Assert.DoesNotContain(keys, k => k.StartsWith("{test:10s:", StringComparison.Ordinal) || k.StartsWith("{test:1m:", StringComparison.Ordinal) || k.StartsWith("{test}:values:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_tag_value_that_is_not_valid_Unicode_is_kept_out_of_Redis_and_logged_once()
    {
        // Redis stores UTF-8: a lone surrogate would come back as U+FFFD and merge different series into one.
        await using RedisServer redis = await RedisServer.StartAsync();
        var logger = new ListLogger();
        await using var sink = new RedisMetricsSink(new RedisSinkOptions { Configuration = redis.Configuration, InstanceId = "a", KeyPrefix = "test" }, _time, logger);
        SeriesDelta Calls(string client, long calls) => new(new SeriesInfo("api.orders", ProbeKind.Endpoint, [new("client", client)]), new SeriesFields(SeriesSchema.Endpoint) { [FieldNames.Calls] = calls });

        await sink.WriteAsync(new MetricsBatch(_time.GetUtcNow(), _time.GetUtcNow(), [Calls("\uD800", 1), Calls("\uDFFFtail", 2), Calls("web", 3), Calls("\uD83D\uDE00", 4)], Guid.CreateVersion7()), default);
        await sink.WriteAsync(new MetricsBatch(_time.GetUtcNow(), _time.GetUtcNow(), [Calls("\uD800", 5)], Guid.CreateVersion7()), default);

        InstrumentationSnapshot fleet = await new SnapshotService([new RedisFleetSource(sink)], _time).GetSnapshotAsync(SnapshotWindow.OneMinute, SnapshotScope.Fleet);
        Assert.Equal([("web", 3L), ("\uD83D\uDE00", 4L)], fleet.Endpoints.Select(e => (e.Tags["client"], e.Requests)).OrderBy(e => e.Item2));
        Assert.Single(logger.Messages, m => m.Contains("not valid Unicode", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Usage_from_two_instances_adds_up_in_the_fleet()
    {
        await using RedisServer redis = await RedisServer.StartAsync();
        var info = new SeriesInfo("llm", ProbeKind.Usage, [new("model", "gpt-4o"), new("provider", "openai")], hasDuration: true);
        foreach ((string instance, long input) in new[] { ("a", 1_000L), ("b", 500L) })
        {
            await using var sink = new RedisMetricsSink(new RedisSinkOptions { Configuration = redis.Configuration, InstanceId = instance, KeyPrefix = "test" }, _time);
            var fields = new SeriesFields(SeriesSchema.Usage) { [FieldNames.Calls] = 2, [FieldNames.Failures] = 1, [FieldNames.InputTokens] = input, [FieldNames.OutputTokens] = 40, [FieldNames.CostMicros] = 3 * input, [FieldNames.Rejected] = 1, [FieldNames.Unpriced] = input / 500 };
            await sink.WriteAsync(new MetricsBatch(_time.GetUtcNow(), _time.GetUtcNow(), [new SeriesDelta(info, fields, value: null, durationSumNanoseconds: 2_000_000_000, [new BucketCount(200, 2)])], Guid.CreateVersion7()), default);
        }

        await using var reader = new RedisMetricsSink(new RedisSinkOptions { Configuration = redis.Configuration, InstanceId = "reader", KeyPrefix = "test" }, _time);
        UsageSnapshot usage = (await new SnapshotService([new RedisFleetSource(reader)], _time).GetSnapshotAsync(SnapshotWindow.OneMinute, SnapshotScope.Fleet)).Usage.Single();

        Assert.Equal((4L, 2L, 1_500L, 80L, 4_500L, 2L, 3L), (usage.Calls, usage.Failures, usage.InputTokens, usage.OutputTokens, usage.CostMicros, usage.Rejected, usage.Unpriced));
        Assert.Equal(20, usage.OutputTokensPerSecond);
    }

    [Fact]
    public async Task Series_come_back_to_the_fleet_after_Redis_restarts_without_its_data()
    {
        await using RedisServer redis = await RedisServer.StartAsync(persistent: false);
        await using Instance a = new(redis, "a", _time);
        a.Record(calls: 50, failures: 1, client: "web");
        a.Catalog.Lookup(hit: true);
        a.Presence.Add(3);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await a.FlushAsync());

        await redis.StopAsync();
        await redis.StartAgainAsync();
        a.Record(calls: 7, failures: 2, client: "web");
        a.Catalog.Lookup(hit: false);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await a.FlushAsync() || await a.WrittenOnceRedisAnswersAsync());

        InstrumentationSnapshot fleet = await a.FleetAsync(SnapshotWindow.OneMinute);
        Assert.Equal((7, 2), fleet.Endpoints.Select(e => (e.Requests, e.Errors)).Single());
        Assert.Equal((0, 1), fleet.Caches.Select(c => (c.Hits, c.Misses)).Single());

        // The gauge did not move since the restart: the next heartbeat writes it again.
        _time.Advance(TimeSpan.FromSeconds(10));
        await WaitUntilAsync(async () => (await a.FleetAsync(SnapshotWindow.OneMinute)).Gauges.SingleOrDefault()?.Value == 3);
    }

    [Fact]
    public async Task Quiet_instances_stay_in_the_fleet_with_their_gauges()
    {
        await using RedisServer redis = await RedisServer.StartAsync();
        await using Instance a = new(redis, "a", _time);
        await using Instance b = new(redis, "b", _time);
        a.Presence.Add(5);
        b.Presence.Add(7);
        _time.Advance(TimeSpan.FromSeconds(1));
        await a.FlushAsync();
        await b.FlushAsync();

        // A minute with nothing recorded, twice the instance timeout: each heartbeat keeps both instances live.
        for (int step = 0; step < 12; step++)
        {
            _time.Advance(TimeSpan.FromSeconds(5));
            await WaitUntilAsync(async () => (await a.Source.InstancesAsync()).All(i => i.LastSeen >= _time.GetUtcNow().AddSeconds(-10)));
        }

        Assert.Equal(["a", "b"], (await a.Source.InstancesAsync()).Select(i => i.Instance).Order());
        Assert.Equal(12, (await a.FleetAsync(SnapshotWindow.OneMinute)).Gauges.Single().Value);
    }

    [Fact]
    public async Task Keys_live_only_as_long_as_a_window_reads_them_and_silent_instances_are_trimmed()
    {
        await using RedisServer redis = await RedisServer.StartAsync();
        await using ConnectionMultiplexer connection = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        IDatabase database = connection.GetDatabase();
        await database.SortedSetAddAsync("{test}:instances", "gone", _time.GetUtcNow().AddHours(-2).ToUnixTimeSeconds());
        await using Instance a = new(redis, "a", _time);
        a.Record(calls: 1, failures: 0, client: "web");
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await a.FlushAsync());

        long now = _time.GetUtcNow().ToUnixTimeSeconds();
        string fine = $"{{test:v3:10s:{now / 10 * 10}}}", coarse = $"{{test:v3:1m:{now / 60 * 60}}}";
        // 10-second buckets serve windows up to 5 minutes; 1-minute buckets the hour and, for tokens, the day;
        // an instance's share serves /fleet/instances, whose longest window is the hour.
        Assert.InRange((await database.KeyTimeToLiveAsync(fine))!.Value, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(6));
        Assert.InRange((await database.KeyTimeToLiveAsync($"{fine}:instance:a"))!.Value, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(6));
        Assert.InRange((await database.KeyTimeToLiveAsync(coarse))!.Value, TimeSpan.FromDays(1), TimeSpan.FromDays(1.01));
        Assert.InRange((await database.KeyTimeToLiveAsync($"{coarse}:instance:a"))!.Value, TimeSpan.FromHours(1), TimeSpan.FromHours(1.05));
        Assert.Equal(["a"], (await database.SortedSetRangeByRankAsync("{test}:instances")).Select(i => (string)i!));
    }

    [Fact]
    public async Task A_password_in_the_configuration_never_reaches_the_log()
    {
        var logger = new ListLogger();
        int closedPort = LoopbackPort.Free();
        await using var sink = new RedisMetricsSink(
            new RedisSinkOptions { Configuration = $"127.0.0.1:{closedPort},password=s3cretPW,connectTimeout=200", InstanceId = "a", KeyPrefix = "pw" },
            _time,
            logger);
        var registry = new ProbeRegistry();
        registry.GetOrAddEvent("pw.events").Default.Increment();
        await using (var collector = new InstrumentationCollector(registry, [sink], timeProvider: _time, logger: logger))
        {
            await collector.FlushAsync();
            Assert.Equal(1, collector.PendingDeltas(sink));
        }

        Assert.Contains(logger.Messages, m => m.Contains($"127.0.0.1:{closedPort}", StringComparison.Ordinal));
        Assert.DoesNotContain(logger.Messages, m => m.Contains("s3cretPW", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("redis://:hunter2secret@127.0.0.1:6379")]
    [InlineData("rediss://user:hunter2secret@cache.internal:6380/0")]
    [InlineData("default:hunter2secret@127.0.0.1:6379")]
    [InlineData("127.0.0.1:6380,user:hunter2secret@127.0.0.1:6379,ssl=true")]
    public void A_redis_url_is_refused_at_start_without_showing_its_password(string url)
    {
        ArgumentException thrown = Assert.Throws<ArgumentException>(() => new RedisMetricsSink(new RedisSinkOptions { Configuration = url }));

        Assert.Contains("Instrumentation:Redis:Configuration holds a URL or user:password@host", thrown.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2secret", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Disposing_does_not_wait_for_a_frozen_Redis_to_answer()
    {
        await using RedisServer redis = await RedisServer.StartAsync();
        var sink = new RedisMetricsSink(new RedisSinkOptions { Configuration = $"{redis.Configuration},syncTimeout=30000,asyncTimeout=30000", InstanceId = "a", KeyPrefix = "test" }, _time);
        var series = new SeriesInfo("frozen", ProbeKind.Event, []);
        MetricsBatch Batch() => new(_time.GetUtcNow(), _time.GetUtcNow(), [new SeriesDelta(series, new SeriesFields(SeriesSchema.Event) { [FieldNames.Occurrences] = 1 })], Guid.CreateVersion7());
        await sink.WriteAsync(Batch(), default);

        await redis.FreezeAsync();
        Task stuck = sink.WriteAsync(Batch(), default).AsTask();
        Task disposed = sink.DisposeAsync().AsTask();

        Assert.Same(disposed, await Task.WhenAny(disposed, Task.Delay(TimeSpan.FromSeconds(15))));
        await Assert.ThrowsAsync<RedisSinkException>(() => stuck);
    }

    [Fact]
    public async Task A_write_retried_after_its_reply_was_cut_counts_once()
    {
        await using RedisServer redis = await RedisServer.StartAsync();
        await using var proxy = new ReplyCuttingProxy(redis.Port);

        // Collections only when the test flushes: one on the clock's tick could meet the cut reply first and be retried,
        // once reconnected, by the flush that should find it still pending (failed once in CI).
        await using Instance a = new(proxy.Configuration, "a", _time, new CollectorOptions { Interval = TimeSpan.FromHours(1) });
        await using Instance observer = new(redis, "observer", _time);
        a.Record(calls: 5, failures: 0, client: "web");
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await a.FlushAsync());

        proxy.CutNextScriptReply();
        a.Record(calls: 7, failures: 1, client: "web");
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(await a.FlushAsync());

        // Redis applied the write whose reply was cut; the instance still holds it as pending.
        Assert.Equal(1, proxy.Cuts);
        Assert.Equal(12, (await observer.FleetAsync(SnapshotWindow.OneMinute)).Endpoints.Single().Requests);
        Assert.True(await a.WrittenOnceRedisAnswersAsync());

        EndpointSnapshot web = (await observer.FleetAsync(SnapshotWindow.OneMinute)).Endpoints.Single();
        Assert.Equal((12, 1), (web.Requests, web.Errors));
    }

    [Fact]
    public async Task Any_tag_value_round_trips_through_the_fleet_description()
    {
        await using RedisServer redis = await RedisServer.StartAsync();
        await using Instance a = new(redis, "a", _time);
        string[] hostile = ["x\u001fevil\u001fy", "back\\slash\\s", "ends\\", "\u001f"];
        foreach (string client in hostile)
        {
            a.Record(calls: 1, failures: 0, client: client);
        }

        _time.Advance(TimeSpan.FromSeconds(1));
        await a.FlushAsync();
        InstrumentationSnapshot fleet = await a.FleetAsync(SnapshotWindow.OneMinute);

        Assert.Equal(hostile.Order(StringComparer.Ordinal), fleet.Endpoints.Select(e => Assert.Single(e.Tags).Value).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Window_boundaries_age_out_with_the_clock()
    {
        await using RedisServer redis = await RedisServer.StartAsync();
        await using Instance a = new(redis, "a", _time);

        a.Record(calls: 10, failures: 0, client: "web");
        _time.Advance(TimeSpan.FromSeconds(1));
        await a.FlushAsync();
        _time.Advance(TimeSpan.FromMinutes(3));
        a.Record(calls: 4, failures: 0, client: "web");
        await a.FlushAsync();

        Assert.Equal(4, (await a.FleetAsync(SnapshotWindow.OneMinute)).Endpoints.Single().Requests);
        Assert.Equal(14, (await a.FleetAsync(SnapshotWindow.FiveMinutes)).Endpoints.Single().Requests);
        Assert.Equal(14, (await a.FleetAsync(SnapshotWindow.OneHour)).Endpoints.Single().Requests);
        _time.Advance(TimeSpan.FromMinutes(10));

        // The counts aged out. The series itself may still be listed, with its in-flight value, once the heartbeat
        // that the clock's jump set off has written it: a live instance's values are current (as local windows list
        // every series seen).
        Assert.All((await a.FleetAsync(SnapshotWindow.FiveMinutes)).Endpoints, e => Assert.Equal((0, 0), (e.Requests, e.InFlight)));
    }

    [Fact]
    public async Task Redis_stopped_during_traffic_and_restarted_ends_with_exact_totals_and_no_exception()
    {
        await using RedisServer redis = await RedisServer.StartAsync();
        await using Instance a = new(redis, "a", _time);
        a.Record(calls: 50, failures: 1, client: "web");
        Assert.True(await a.FlushAsync());

        await redis.StopAsync();
        for (int i = 0; i < 3; i++)
        {
            a.Record(calls: 10, failures: 0, client: "web");
            _time.Advance(TimeSpan.FromSeconds(1));
            Assert.False(await a.FlushAsync());
        }

        await redis.StartAgainAsync();
        Assert.True(await a.WrittenOnceRedisAnswersAsync());
        EndpointSnapshot web = (await a.FleetAsync(SnapshotWindow.FiveMinutes)).Endpoints.Single();
        Assert.Equal((80, 1), (web.Requests, web.Errors));
    }

    [Fact]
    public async Task Redis_down_at_start_never_throws_and_everything_arrives_once_it_is_up()
    {
        await using RedisServer redis = await RedisServer.StartAsync();
        await redis.StopAsync();
        await using Instance a = new(redis, "a", _time);

        a.Record(calls: 9, failures: 2, client: "web");
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(await a.FlushAsync());

        await redis.StartAgainAsync();
        Assert.True(await a.WrittenOnceRedisAnswersAsync());
        Assert.Equal((9, 2), (await a.FleetAsync(SnapshotWindow.OneMinute)).Endpoints.Select(e => (e.Requests, e.Errors)).Single());
    }

    [Fact]
    public async Task A_three_node_Redis_Cluster_gives_the_same_exact_fleet_totals()
    {
        await using RedisCluster cluster = await RedisCluster.StartAsync();
        await using Instance a = new(cluster.Configuration, "a", _time);
        await using Instance b = new(cluster.Configuration, "b", _time);

        for (int second = 0; second < 30; second++)
        {
            a.Record(calls: 3, failures: 1, client: "web");
            b.Record(calls: 2, failures: 0, client: $"partner-{second % 5}");
            _time.Advance(TimeSpan.FromSeconds(1));
            // A cluster may still move a slot right after start-up; a failed write stays pending and is retried.
            Assert.True(await a.FlushAsync() || await a.WrittenOnceRedisAnswersAsync());
            Assert.True(await b.FlushAsync() || await b.WrittenOnceRedisAnswersAsync());
        }

        InstrumentationSnapshot fleet = await b.FleetAsync(SnapshotWindow.FiveMinutes);

        Assert.Equal((90, 30), fleet.Endpoints.Where(e => e.Tags["client"] == "web").Select(e => (e.Requests, e.Errors)).Single());
        Assert.Equal(60, fleet.Endpoints.Where(e => e.Tags["client"].StartsWith("partner-", StringComparison.Ordinal)).Sum(e => e.Requests));
        Assert.Equal(150, (await a.FleetAsync(SnapshotWindow.OneHour)).Endpoints.Sum(e => e.Requests));
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (int i = 0; i < 500 && !await condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(await condition(), "the condition was not met within 5 s");
    }

    private sealed class ListLogger : Microsoft.Extensions.Logging.ILogger<RedisMetricsSink>
    {
        public List<string> Messages { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Messages)
            {
                Messages.Add(formatter(state, exception) + " " + exception);
            }
        }
    }

    /// <summary>One app instance: its own registry and collector, the Redis sink, the fleet source.</summary>
    private sealed class Instance : IAsyncDisposable
    {
        private readonly ProbeRegistry _registry = new();
        private readonly InstrumentationCollector _collector;
        private readonly EndpointProbe _endpoint;
        private readonly TimeProvider _time;

        public Instance(RedisServer redis, string id, TimeProvider time)
            : this(redis.Configuration, id, time)
        {
        }

        /// <param name="configuration">The Redis configuration string.</param>
        /// <param name="id">The instance id.</param>
        /// <param name="time">The clock.</param>
        /// <param name="collection">Collector options; default a collection each second of <paramref name="time"/>.</param>
        public Instance(string configuration, string id, TimeProvider time, CollectorOptions? collection = null)
        {
            _time = time;
            Sink = new RedisMetricsSink(new RedisSinkOptions { Configuration = configuration, InstanceId = id, KeyPrefix = "test" }, time);
            Source = new RedisFleetSource(Sink);
            _collector = new InstrumentationCollector(_registry, [Sink], collection, time);
            _endpoint = _registry.GetOrAddEndpoint("api.orders", [TagDefinition.Text("client")]);
            Presence = _registry.GetOrAddGauge("chat.presence").Default;
            Catalog = _registry.GetOrAddCache("catalog").Default;
        }

        public CacheSeries Catalog { get; }

        public RedisMetricsSink Sink { get; }

        public RedisFleetSource Source { get; }

        public GaugeSeries Presence { get; }

        public void Record(int calls, int failures, string client)
        {
            var key = new SeriesKey(0);
            key.Add(client);
            EndpointSeries series = _endpoint.GetSeries(in key);
            for (int i = 0; i < calls; i++)
            {
                series.Record(2_000_000, failed: i < failures);
            }
        }

        /// <summary>Collects and makes one write attempt; returns whether Redis took everything.</summary>
        public async Task<bool> FlushAsync()
        {
            await _collector.FlushAsync();
            return _collector.PendingDeltas(Sink) == 0;
        }

        /// <summary>Retries the pending write while the client reconnects; whether it went through within 5 s.</summary>
        public async Task<bool> WrittenOnceRedisAnswersAsync()
        {
            for (int attempt = 0; attempt < 50; attempt++)
            {
                if (await FlushAsync())
                {
                    return true;
                }

                await Task.Delay(100);
            }

            return false;
        }

        public ValueTask<InstrumentationSnapshot> FleetAsync(SnapshotWindow window) =>
            new SnapshotService([Source], _time).GetSnapshotAsync(window, SnapshotScope.Fleet);

        public async ValueTask DisposeAsync()
        {
            await _collector.DisposeAsync();
            await Sink.DisposeAsync();
        }
    }
}
