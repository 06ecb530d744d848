using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Instrumentation.Benchmarks;

/// <summary>
/// What recording adds to one request: ASP.NET Core's own <c>http.server.request.duration</c>
/// measurement, as its hosting layer makes it once per request (same meter, instrument and tags),
/// with our listener recording it into the endpoint's series and with nobody listening.
/// </summary>
[MemoryDiagnoser]
public class RequestRecordingBenchmarks
{
    private readonly KeyValuePair<string, object?>[] _tags =
    [
        new("http.request.method", "GET"),
        new("url.scheme", "http"),
        new("http.route", AppUnderBenchmark.Route),
        new("network.protocol.version", "1.1"),
        new("http.response.status_code", 200),
    ];

    private WebApplication _app = null!;
    private Histogram<double> _duration = null!;

    [Params(false, true)]
    public bool Recording { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        (_app, _) = AppUnderBenchmark.StartAsync(Recording).GetAwaiter().GetResult();
        Meter hosting = _app.Services.GetRequiredService<IMeterFactory>().Create("Microsoft.AspNetCore.Hosting");
        _duration = hosting.CreateHistogram<double>("http.server.request.duration", "s");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _app.StopAsync().GetAwaiter().GetResult();
        _app.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark]
    public void Hosting_measures_one_request() => _duration.Record(0.0021, _tags);
}
