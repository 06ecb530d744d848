using System.Collections.Immutable;
using Instrumentation.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Instrumentation.Generators.Tests;

/// <summary>Compiles source against the real runtime assemblies and runs the generator over it.</summary>
internal static class GeneratorHarness
{
    private static readonly ImmutableArray<MetadataReference> s_references =
    [
        .. ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(path => Path.GetFileName(path).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(path) is "mscorlib.dll" or "netstandard.dll")
            .Select(path => MetadataReference.CreateFromFile(path)),
        MetadataReference.CreateFromFile(typeof(TrackEndpointAttribute).Assembly.Location),
    ];

    /// <summary>C# 12 with interceptors enabled for the generated namespace, as the package's build props do.</summary>
    public static CSharpParseOptions ParseOptions { get; } = new CSharpParseOptions(LanguageVersion.CSharp12)
        .WithFeatures([new("InterceptorsNamespaces", ProbeGenerator.InterceptorsNamespace)]);

    public static CSharpCompilation Compile(params string[] sources) => Compile(ParseOptions, sources);

    public static CSharpCompilation Compile(CSharpParseOptions options, params string[] sources) => Compile(options, allowUnsafe: false, sources);

    public static CSharpCompilation Compile(CSharpParseOptions options, bool allowUnsafe, params string[] sources) =>
        CSharpCompilation.Create(
            "UserAssembly",
            sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, options, path: $"Source{i}.cs")),
            s_references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: allowUnsafe));

    public static GeneratorDriver CreateDriver(CSharpParseOptions? options = null) =>
        CSharpGeneratorDriver.Create(
            [new ProbeGenerator().AsSourceGenerator()],
            parseOptions: options ?? ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator; returns its result and every diagnostic of the compiled output (warnings included).</summary>
    public static (GeneratorDriverRunResult Result, ImmutableArray<Diagnostic> OutputDiagnostics) Run(params string[] sources) =>
        Run(ParseOptions, sources);

    public static (GeneratorDriverRunResult Result, ImmutableArray<Diagnostic> OutputDiagnostics) Run(CSharpParseOptions options, params string[] sources) =>
        Run(options, allowUnsafe: false, sources);

    public static (GeneratorDriverRunResult Result, ImmutableArray<Diagnostic> OutputDiagnostics) Run(CSharpParseOptions options, bool allowUnsafe, params string[] sources)
    {
        CSharpCompilation compilation = Compile(options, allowUnsafe, sources);
        GeneratorDriver driver = CreateDriver(options).RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out _);
        ImmutableArray<Diagnostic> outputDiagnostics = [.. output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning)];
        return (driver.GetRunResult(), outputDiagnostics);
    }
}
