using System.Globalization;
using System.Text.Json;
using Instrumentation.Collection;
using Instrumentation.Probes;
using Instrumentation.Snapshots;
using Instrumentation.Windows;
using Microsoft.Extensions.Time.Testing;

namespace Instrumentation.Tests;

public sealed class SnapshotTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-11-24T10:00:00Z", CultureInfo.InvariantCulture));

    [Fact]
    public async Task The_snapshot_serializes_to_the_documented_camel_case_shape()
    {
        var registry = new ProbeRegistry();
        var key = new SeriesKey(0);
        key.Add("web");
        registry.GetOrAddEndpoint("api.orders", [TagDefinition.Text("client")]).GetSeries(in key).Record(2_000_000, failed: false);
        registry.GetOrAddToken("tokens").Default.Issue();
        registry.GetOrAddCache("catalog").Default.Lookup(hit: true);
        registry.GetOrAddEvent("edits", sumsValues: true).Default.IncrementWithValue(640);
        registry.GetOrAddGauge("presence").Default.Increment();
        await using var collector = new InstrumentationCollector(registry, timeProvider: _time);
        _time.Advance(TimeSpan.FromSeconds(1));
        collector.Collect();

        InstrumentationSnapshot snapshot = await new SnapshotService([new LocalSnapshotSource(collector.Windows)], _time).GetSnapshotAsync(SnapshotWindow.OneMinute);
        string json = JsonSerializer.Serialize(snapshot, InstrumentationJsonContext.Default.InstrumentationSnapshot);
        using JsonDocument document = JsonDocument.Parse(json);
        JsonElement root = document.RootElement;

        Assert.Equal(["at", "window", "scope", "endpoints", "tokens", "caches", "events", "gauges", "usage", "budgets", "alerts"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("1m", root.GetProperty("window").GetString());
        Assert.Equal("local", root.GetProperty("scope").GetString());
        JsonElement endpoint = root.GetProperty("endpoints")[0];
        Assert.Equal(
            ["name", "tags", "requests", "errors", "errorRate", "ratePerSecond", "p50Ms", "p95Ms", "p99Ms", "inFlight"],
            endpoint.EnumerateObject().Select(p => p.Name));
        Assert.Equal("web", endpoint.GetProperty("tags").GetProperty("client").GetString());
        Assert.InRange(endpoint.GetProperty("p99Ms").GetDouble(), 2 * 0.9375, 2 * 1.0625);
        Assert.Equal(1, root.GetProperty("tokens")[0].GetProperty("activeCount").GetInt64());
        Assert.Equal(100, root.GetProperty("caches")[0].GetProperty("hitRatePct").GetDouble());
        Assert.Equal(["name", "tags", "count", "ratePerSecond", "valueSum"], root.GetProperty("events")[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal((1, 640), (root.GetProperty("events")[0].GetProperty("count").GetInt64(), root.GetProperty("events")[0].GetProperty("valueSum").GetInt64()));
        Assert.Equal(1, root.GetProperty("gauges")[0].GetProperty("value").GetInt64());
    }

    [Fact]
    public async Task A_scope_without_a_source_is_an_error_that_names_what_to_add()
    {
        var service = new SnapshotService([new LocalSnapshotSource(new LocalWindowStore(_time))], _time);

        Assert.True(service.Supports(SnapshotScope.Local));
        Assert.False(service.Supports(SnapshotScope.Fleet));
        var error = await Assert.ThrowsAsync<SnapshotScopeNotConfiguredException>(() => service.GetSnapshotAsync(SnapshotWindow.OneMinute, SnapshotScope.Fleet).AsTask());
        Assert.Contains("Redis", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sources_of_one_scope_merge_exactly_series_by_series()
    {
        LocalWindowStore first = await StoreWith(calls: 90, durationNanoseconds: 1_000_000);
        LocalWindowStore second = await StoreWith(calls: 10, durationNanoseconds: 100_000_000);
        var service = new SnapshotService([new LocalSnapshotSource(first), new LocalSnapshotSource(second)], _time);

        EndpointSnapshot endpoint = (await service.GetSnapshotAsync(SnapshotWindow.OneMinute)).Endpoints.Single();

        Assert.Equal(100, endpoint.Requests);
        Assert.InRange(endpoint.P50Ms!.Value, 0.9375, 1.0625);
        Assert.InRange(endpoint.P95Ms!.Value, 100 * 0.9375, 100 * 1.0625);

        // The merge made new aggregates: each store's own (shared with every reader) still holds its own calls.
        Assert.Equal(90, first.Read(SnapshotWindow.OneMinute.Duration).Single().Fields[FieldNames.Calls]);
        Assert.Equal(10, second.Read(SnapshotWindow.OneMinute.Duration).Single().Fields[FieldNames.Calls]);
    }

    [Fact]
    public async Task A_storm_of_concurrent_snapshot_requests_computes_one_snapshot()
    {
        var registry = new ProbeRegistry();
        EndpointProbe probe = registry.GetOrAddEndpoint("api.storm", [TagDefinition.Text("route")], cardinalityLimit: 10_000);
        for (int i = 0; i < 10_000; i++)
        {
            var key = new SeriesKey(0);
            key.Add($"/r/{i}");
            probe.GetSeries(in key).Record(1_000 + i, failed: false);
        }

        await using var collector = new InstrumentationCollector(registry, timeProvider: _time);
        collector.Collect();
        var source = new CountingSource(new LocalSnapshotSource(collector.Windows));
        var service = new SnapshotService([source], _time);

        source.Hold();
        Task<InstrumentationSnapshot>[] requests = [.. Enumerable.Range(0, 200).Select(_ => service.GetSnapshotAsync(SnapshotWindow.OneMinute).AsTask())];
        source.Release();
        InstrumentationSnapshot[] snapshots = await Task.WhenAll(requests);

        Assert.Equal(1, source.Reads); // once for all 200 (no tokens or caches, so the last hour is not read)
        Assert.All(snapshots, s => Assert.Same(snapshots[0], s));
        Assert.Equal(10_000, snapshots[0].Endpoints.Count);

        // Until the next collection the same snapshot is handed out again; after it, a new one.
        Assert.Same(snapshots[0], await service.GetSnapshotAsync(SnapshotWindow.OneMinute));
        collector.Collect();
        Assert.NotSame(snapshots[0], await service.GetSnapshotAsync(SnapshotWindow.OneMinute));
    }

    [Fact]
    public async Task A_caller_that_gives_up_does_not_cancel_the_snapshot_others_wait_for()
    {
        await using var collector = new InstrumentationCollector(new ProbeRegistry(), timeProvider: _time);
        var source = new CountingSource(new LocalSnapshotSource(collector.Windows));
        var service = new SnapshotService([source], _time);
        source.Hold();
        using var impatient = new CancellationTokenSource();
        Task<InstrumentationSnapshot> first = service.GetSnapshotAsync(SnapshotWindow.FiveMinutes, cancellationToken: impatient.Token).AsTask();
        Task<InstrumentationSnapshot> second = service.GetSnapshotAsync(SnapshotWindow.FiveMinutes).AsTask();

        await impatient.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        Assert.False(second.IsCompleted);

        source.Release();
        Assert.Equal("5m", (await second).Window);
        Assert.Equal(1, source.Reads);
    }

    [Theory]
    [InlineData("1m", 60)]
    [InlineData("5M", 300)]
    [InlineData(" 1h ", 3600)]
    public void Windows_parse_from_their_names(string text, int seconds)
    {
        Assert.True(SnapshotWindow.TryParse(text, out SnapshotWindow? window));
        Assert.Equal(TimeSpan.FromSeconds(seconds), window.Value.Duration);
    }

    [Theory]
    [InlineData("2m")]
    [InlineData("")]
    [InlineData(null)]
    public void Other_window_names_do_not_parse(string? text)
    {
        Assert.False(SnapshotWindow.TryParse(text, out _));
    }

    private async Task<LocalWindowStore> StoreWith(int calls, long durationNanoseconds)
    {
        var registry = new ProbeRegistry();
        EndpointSeries series = registry.GetOrAddEndpoint("api.report").Default;
        for (int i = 0; i < calls; i++)
        {
            series.Record(durationNanoseconds, failed: false);
        }

        await using var collector = new InstrumentationCollector(registry, timeProvider: _time);
        collector.Collect();
        return collector.Windows;
    }

    /// <summary>A source that counts its reads and can hold them until released.</summary>
    private sealed class CountingSource(ISnapshotSource inner) : ISnapshotSource
    {
        private TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _reads;

        public int Reads => Volatile.Read(ref _reads);

        public SnapshotScope Scope => inner.Scope;

        public void Hold() => _released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release() => _released.TrySetResult();

        public async ValueTask<IReadOnlyList<SeriesAggregate>> ReadAsync(TimeSpan window, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _reads);
            await _released.Task.ConfigureAwait(false);
            return await inner.ReadAsync(window, cancellationToken).ConfigureAwait(false);
        }
    }
}
