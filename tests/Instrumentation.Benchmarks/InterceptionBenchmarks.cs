using BenchmarkDotNet.Attributes;

namespace Instrumentation.Benchmarks;

/// <summary>
/// The cost [TrackEndpoint] adds to a call: the intercepted call (timestamps, recording) against the
/// same call through a delegate, which is not intercepted.
/// </summary>
[MemoryDiagnoser]
public class InterceptionBenchmarks
{
    private readonly BenchService _service = new();
    private Func<int, int> _direct = null!;
    private Func<int, ValueTask<int>> _directAsync = null!;

    // The delegates exist to call the method without interception; INSTR011 says exactly that.
#pragma warning disable INSTR011
    [GlobalSetup]
    public void Setup()
    {
        _direct = _service.Work;
        _directAsync = _service.WorkAsync;
    }
#pragma warning restore INSTR011

    [Benchmark(Baseline = true)]
    public int Sync_direct() => _direct(1);

    [Benchmark]
    public int Sync_intercepted() => _service.Work(1);

    [Benchmark]
    public int Async_completed_direct() => _directAsync(1).Result;

    [Benchmark]
    public int Async_completed_intercepted() => _service.WorkAsync(1).Result;
}
