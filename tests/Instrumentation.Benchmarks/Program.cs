using BenchmarkDotNet.Running;
using Instrumentation.Benchmarks;
using Instrumentation.Benchmarks.Scale;

// dotnet run -c Release --project tests/Instrumentation.Benchmarks -- --filter '*'
// dotnet run -c Release --project tests/Instrumentation.Benchmarks -- --scale [1000 10000 100000]
// dotnet run -c Release --project tests/Instrumentation.Benchmarks -- --redis-footprint [series] [instances]
if (args.Length > 0 && args[0] == "--scale")
{
    ScaleHarness.Run(args.Length > 1 ? [.. args.Skip(1).Select(int.Parse)] : [1_000, 10_000, 100_000]);
    return;
}

if (args.Length > 0 && args[0] == "--redis-footprint")
{
    RedisFootprint.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1_000, args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 1);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
