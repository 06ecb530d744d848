using System.Text;
using BenchmarkDotNet.Attributes;
using Instrumentation.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Instrumentation.Benchmarks;

/// <summary>
/// What the generator adds to a build: a compilation with 1,000 probe methods and 1,000 tracked
/// methods called once each (plus 1,000 untracked calls) in ten files, compiled without the generator,
/// with it from cold, and after an edit of an eleventh, unrelated file (what an IDE sees on a keystroke).
/// </summary>
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    private const int Methods = 1_000;
    private const string Unrelated = "namespace Other; public class Basket { public int Count; public int Sum(int a, int b) => System.Math.Max(a, b); }";
    private static readonly CSharpParseOptions s_options = new CSharpParseOptions(LanguageVersion.CSharp12)
        .WithFeatures([new("InterceptorsNamespaces", ProbeGenerator.InterceptorsNamespace)]);

    private CSharpCompilation _compilation = null!;
    private CSharpCompilation _edited = null!;
    private GeneratorDriver _warmDriver = null!;

    [GlobalSetup]
    public void Setup()
    {
        MetadataReference[] references =
        [
            .. ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
                .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) == "netstandard.dll")
                .Select(p => MetadataReference.CreateFromFile(p)),
            MetadataReference.CreateFromFile(typeof(TrackEndpointAttribute).Assembly.Location),
        ];
        SyntaxTree[] trees =
        [
            .. Enumerable.Range(0, 10).Select(file => CSharpSyntaxTree.ParseText(Source(file), s_options, path: $"File{file}.cs")),
            CSharpSyntaxTree.ParseText(Unrelated, s_options, path: "Unrelated.cs"),
        ];
        _compilation = CSharpCompilation.Create("Bench", trees, references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        _edited = _compilation.ReplaceSyntaxTree(trees[^1], CSharpSyntaxTree.ParseText(Unrelated.Replace("int Count;", "int Count; public int Total;", StringComparison.Ordinal), s_options, path: "Unrelated.cs"));
        _warmDriver = NewDriver().RunGenerators(_compilation);
        int generated = _warmDriver.GetRunResult().GeneratedTrees.Length;
        if (generated < 11 || _warmDriver.GetRunResult().Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            throw new InvalidOperationException($"The benchmark compilation is not what it should be: {generated} generated files.");
        }
    }

    [Benchmark(Baseline = true, Description = "compile, no generator")]
    public int CompileWithoutGenerator() => _compilation.Clone().GetDiagnostics().Length;

    [Benchmark(Description = "generator, cold")]
    public int GeneratorCold() => NewDriver().RunGenerators(_compilation.Clone()).GetRunResult().GeneratedTrees.Length;

    [Benchmark(Description = "generator, after an unrelated edit")]
    public int GeneratorAfterEdit() => _warmDriver.RunGenerators(_edited).GetRunResult().GeneratedTrees.Length;

    private static GeneratorDriver NewDriver() => CSharpGeneratorDriver.Create([new ProbeGenerator().AsSourceGenerator()], parseOptions: s_options);

    /// <summary>One of ten files, each with 100 probe methods, 100 tracked methods and a caller of all of them.</summary>
    private static string Source(int file)
    {
        var source = new StringBuilder($"using Instrumentation;\nnamespace Bench{file};\npublic enum Kind {{ A, B, C }}\npublic static partial class Probes\n{{\n");
        int perFile = Methods / 10;
        for (int i = 0; i < perFile; i++)
        {
            source.Append($"    [TrackEvent(\"bench.{file}.event{i}\")] public static partial void Event{i}(Kind kind, string tenant);\n");
        }

        source.Append("}\npublic class Service\n{\n");
        for (int i = 0; i < perFile; i++)
        {
            source.Append($"    [TrackEndpoint(\"bench.{file}.endpoint{i}\")] public int Call{i}(int x) => x + {i};\n");
            source.Append($"    public int Plain{i}(int x) => x - {i};\n");
        }

        source.Append("    public int RunAll()\n    {\n        int total = 0;\n");
        for (int i = 0; i < perFile; i++)
        {
            source.Append($"        total += Call{i}(1) + Plain{i}(1);\n        Probes.Event{i}(Kind.B, \"t\");\n");
        }

        return source.Append("        return total;\n    }\n}\n").ToString();
    }
}
