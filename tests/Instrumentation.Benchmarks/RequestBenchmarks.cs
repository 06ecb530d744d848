using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;

namespace Instrumentation.Benchmarks;

/// <summary>
/// A whole ASP.NET Core request over loopback (HttpClient → Kestrel → minimal API), with and without
/// our recording of <c>[TrackEndpoint]</c> requests. What recording itself costs, too small to see
/// here, is isolated in <see cref="RequestRecordingBenchmarks"/>.
/// </summary>
[MemoryDiagnoser]
public class RequestBenchmarks
{
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    [Params(false, true)]
    public bool Recording { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        (_app, Uri address) = AppUnderBenchmark.StartAsync(Recording).GetAwaiter().GetResult();
        _client = new HttpClient { BaseAddress = address };
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _client.Dispose();
        _app.StopAsync().GetAwaiter().GetResult();
        _app.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark]
    public async Task<string> Get() => await _client.GetStringAsync(AppUnderBenchmark.Route);
}
