using Instrumentation.Collection;
using Instrumentation.EndToEnd.Library;
using Instrumentation.Probes;

namespace Instrumentation.EndToEnd.Tests;

/// <summary>
/// Calls to tracked methods with bodies are intercepted in both assemblies: counted exactly, failures
/// rethrown unchanged, tasks recorded on completion, and no allocation on the synchronous paths.
/// </summary>
public sealed class InterceptedCallTests
{
    private readonly OrderService _orders = new();

    [Fact]
    public async Task Calls_from_both_assemblies_are_counted_exactly_with_failures()
    {
        await using Baseline run = await Baseline.StartAsync();

        for (int i = 0; i < 1_000; i++)
        {
            _orders.Place("web", 1);
        }

        var thrown = new List<Exception>();
        for (int i = 0; i < 7; i++)
        {
            try
            {
                _orders.Place("bad", 1);
            }
            catch (InvalidOperationException exception)
            {
                thrown.Add(exception);
            }
        }

        Assert.Equal(300, _orders.PlaceFromLibrary(300));
        await run.FlushAsync();

        Assert.Equal(1_000, run.Sink.Counter("e2e.orders.place{client=web}", EndpointFields.Calls));
        Assert.Equal(0, run.Sink.Counter("e2e.orders.place{client=web}", EndpointFields.Failures));
        Assert.Equal(7, run.Sink.Counter("e2e.orders.place{client=bad}", EndpointFields.Failures));
        Assert.Equal(300, run.Sink.Counter("e2e.orders.place{client=library}", EndpointFields.Calls));
        Assert.Equal(7, thrown.Count);
        Assert.All(thrown, e => Assert.Equal("rejected", e.Message));
        Assert.Contains(nameof(OrderService.Place), thrown[0].StackTrace, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tasks_are_recorded_when_they_complete_whether_synchronously_or_later()
    {
        await using Baseline run = await Baseline.StartAsync();

        Assert.Equal(1, await _orders.SaveAsync(fail: false, yield: false));
        Assert.Equal(1, await _orders.SaveAsync(fail: false, yield: true));
        var failed = await Assert.ThrowsAsync<InvalidOperationException>(() => _orders.SaveAsync(fail: true, yield: true).AsTask());
        await Assert.ThrowsAsync<InvalidOperationException>(() => _orders.SaveAsync(fail: true, yield: false).AsTask());
        await _orders.FlushAsync();
        await run.FlushAsync();

        Assert.Equal("save failed", failed.Message);
        Assert.Equal(4, run.Sink.Counter("e2e.orders.save", EndpointFields.Calls));
        Assert.Equal(2, run.Sink.Counter("e2e.orders.save", EndpointFields.Failures));
        Assert.Equal(1, run.Sink.Counter("e2e.orders.flush", EndpointFields.Calls));
        Assert.Equal(0, run.Sink.Value("e2e.orders.save"));
    }

    [Fact]
    public async Task A_try_get_counts_true_as_a_hit_and_passes_its_out_value_through()
    {
        await using Baseline run = await Baseline.StartAsync();

        Assert.True(_orders.TryGet("known", out string? value));
        Assert.Equal("value", value);
        Assert.False(_orders.TryGet("unknown", out _));
        await run.FlushAsync();

        Assert.Equal(1, run.Sink.Counter("e2e.orders.cache", CacheFields.Hits));
        Assert.Equal(1, run.Sink.Counter("e2e.orders.cache", CacheFields.Misses));
    }

    public static TheoryData<string> CallKinds => ["sync", "out parameter", "completed ValueTask<T>", "completed Task"];

    /// <summary>
    /// The same call made directly (intercepted) and through a delegate (not intercepted, so it measures
    /// what the called method allocates by itself, such as a Debug build's async state machine).
    /// </summary>
    [Theory]
    [MemberData(nameof(CallKinds))]
    public void Interception_adds_no_allocation(string kind)
    {
#pragma warning disable INSTR011 // Not intercepted on purpose: the baseline the intercepted calls are compared with.
        Func<string, int, int> place = _orders.Place;
        OutCall tryGet = _orders.TryGet;
        Func<bool, bool, ValueTask<int>> save = _orders.SaveAsync;
        Func<Task> flush = _orders.FlushAsync;
#pragma warning restore INSTR011
        (Action intercepted, Action direct) = kind switch
        {
            "sync" => ((Action)(() => _orders.Place("web", 1)), (Action)(() => place("web", 1))),
            "out parameter" => (() => _orders.TryGet("known", out _), () => tryGet("known", out _)),
            "completed ValueTask<T>" => (() => _orders.SaveAsync(fail: false, yield: false).GetAwaiter().GetResult(), () => save(false, false).GetAwaiter().GetResult()),
            _ => (() => _orders.FlushAsync().GetAwaiter().GetResult(), () => flush().GetAwaiter().GetResult()),
        };

        Assert.Equal(AllocatedPerCall(direct), AllocatedPerCall(intercepted));
#if !DEBUG
        // test.sh runs Release, where the called methods themselves allocate nothing either.
        Assert.Equal(0, AllocatedPerCall(intercepted));
#endif
    }

    private delegate bool OutCall(string key, out string? value);

    private static double AllocatedPerCall(Action call)
    {
        for (int i = 0; i < 10_000; i++)
        {
            call();
        }

        EveryStripeAndOctave.Prepare(ProbeRegistry.Shared);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100_000; i++)
        {
            call();
        }

        return (GC.GetAllocatedBytesForCurrentThread() - before) / 100_000.0;
    }
}
