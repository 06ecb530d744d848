using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/Instrumentation.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
