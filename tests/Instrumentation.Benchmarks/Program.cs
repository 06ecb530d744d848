using BenchmarkDotNet.Running;
using Instrumentation.Benchmarks.Scale;

// dotnet run -c Release --project tests/Instrumentation.Benchmarks -- --filter '*'
// dotnet run -c Release --project tests/Instrumentation.Benchmarks -- --scale [1000 10000 100000]
if (args.Length > 0 && args[0] == "--scale")
{
    ScaleHarness.Run(args.Length > 1 ? [.. args.Skip(1).Select(int.Parse)] : [1_000, 10_000, 100_000]);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
