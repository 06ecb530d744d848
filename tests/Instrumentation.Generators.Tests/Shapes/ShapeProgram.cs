using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using Instrumentation.Probes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Instrumentation.Generators.Tests.Shapes;

/// <summary>
/// Compiles one user program with the generator as a user's build would (nullable on, every warning an
/// error, the newest language version), runs its <c>Shape.Run()</c> and reads what its probes counted.
/// Each program uses its own metric names: the probes register in the one shared registry of this process.
/// </summary>
internal sealed class ShapeProgram
{
    private static readonly CSharpParseOptions s_options = new CSharpParseOptions(LanguageVersion.Preview)
        .WithFeatures([new("InterceptorsNamespaces", ProbeGenerator.InterceptorsNamespace)]);

    private readonly Assembly _assembly;

    private ShapeProgram(Assembly assembly, ImmutableArray<Diagnostic> generatorDiagnostics)
    {
        _assembly = assembly;
        GeneratorDiagnostics = generatorDiagnostics;
    }

    /// <summary>What the generator reported (INSTR diagnostics); the build itself had no warning.</summary>
    public ImmutableArray<Diagnostic> GeneratorDiagnostics { get; }

    /// <summary>Builds the program; fails the test on any compiler error or warning, in user code or generated code.</summary>
    public static ShapeProgram Build(string source, params string[] allowedGeneratorIds) =>
        Build(LanguageVersion.Preview, source, allowedGeneratorIds);

    /// <inheritdoc cref="Build(string, string[])"/>
    public static ShapeProgram Build(LanguageVersion languageVersion, string source, params string[] allowedGeneratorIds)
    {
        CSharpParseOptions options = s_options.WithLanguageVersion(languageVersion);
        CSharpCompilation compilation = GeneratorHarness.Compile(options, source)
            .WithOptions(new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                allowUnsafe: true,
                generalDiagnosticOption: ReportDiagnostic.Error));
        GeneratorDriver driver = GeneratorHarness.CreateDriver(options).RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> generatorDiagnostics);
        _ = driver;

        Diagnostic[] unexpected = [.. generatorDiagnostics.Where(d => !allowedGeneratorIds.Contains(d.Id))];
        Assert.True(unexpected.Length == 0, "The generator reported: " + string.Join("\n", unexpected.Select(d => d.ToString())));

        using var image = new MemoryStream();
        var emitted = output.Emit(image);
        Diagnostic[] problems = [.. emitted.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning || d.IsWarningAsError)];
        Assert.True(emitted.Success && problems.Length == 0, "The build failed or warned:\n" + string.Join("\n", problems.Select(d => d.ToString()))
            + "\n\n" + string.Join("\n\n", output.SyntaxTrees.Skip(1).Select(t => t.ToString())));

        image.Position = 0;
        var context = new AssemblyLoadContext("shape", isCollectible: true);
        return new ShapeProgram(context.LoadFromStream(image), generatorDiagnostics);
    }

    /// <summary>Runs <c>Shape.Run()</c> and returns what it returned (its own observations, as text).</summary>
    public string Run()
    {
        MethodInfo run = _assembly.GetType("Shape")?.GetMethod("Run", BindingFlags.Public | BindingFlags.Static)
            ?? throw new InvalidOperationException("The program needs 'public static class Shape { public static string Run() ... }'.");
        return (string)run.Invoke(null, null)!;
    }

    /// <summary>A counter of a probe, summed over its series.</summary>
    public static long Counter(string metric, int counter) =>
        ProbeRegistry.Shared.Find(metric) is { } probe ? probe.Series.Sum(s => s.ReadCounter(counter)) : 0;
}
