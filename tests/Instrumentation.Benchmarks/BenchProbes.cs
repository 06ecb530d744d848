namespace Instrumentation.Benchmarks;

/// <summary>An enum tag for the benchmarks.</summary>
public enum Aspect
{
    Read,
    Write,
    Delete,
}

/// <summary>Probe methods as users write them; the generator writes their bodies.</summary>
public static partial class BenchProbes
{
    [TrackEvent("bench.counter")]
    public static partial void Counted();

    [TrackEvent("bench.by_client")]
    public static partial void ByClient(string client);

    [TrackEvent("bench.by_aspect")]
    public static partial void ByAspect(Aspect aspect);

    [TrackEvent("bench.three")]
    public static partial void Three(Aspect aspect, string client, int status);

    [TrackUsage("bench.llm.probe")]
    public static partial void LlmCompleted([Tag("model")] string model, [Tag("provider")] string provider, [Value] long inputTokens, [Value] long outputTokens, bool failed);
}

/// <summary>A tracked method whose calls are intercepted, and an untracked twin.</summary>
public sealed class BenchService
{
    [TrackEndpoint("bench.work")]
    public int Work(int x) => x + 1;

    [TrackEndpoint("bench.work_async")]
    public ValueTask<int> WorkAsync(int x) => new(x + 1);
}
