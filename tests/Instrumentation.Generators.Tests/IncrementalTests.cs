using System.Collections;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Instrumentation.Generators.Tests;

/// <summary>
/// The generator does no work for edits that do not touch tracked methods, and its pipeline never
/// holds a symbol, syntax node or compilation (which would keep old compilations alive).
/// </summary>
public sealed class IncrementalTests
{
    private const string Probes = """
        using Instrumentation;
        namespace Shop;
        public enum Region { Europe, Asia }
        public static partial class Probes
        {
            [TrackEndpoint("orders.checkout")] public static partial TrackingScope Checkout(Region region);
            [TrackTokenIssue("tokens")] public static partial void Issued(string audience);
            [TrackTokenRevoke("tokens")] public static partial void Revoked(string audience);
            [TrackGauge("queue")] internal static int Queue() => 1;
            [TrackEvent("bad")] public static partial void Bad(double notATag);
            [TrackCacheEviction("orders.checkout")] public static partial void Clash();
            [TrackEvent("shipped")] public static void Ship(int parcels) { }
            [TrackEvent("never.called")] internal static void Unused() { }
            public static void Run() { Ship(2); System.Action a = Ship2; }
            [TrackEvent("shipped2")] public static void Ship2() { }
        }
        """;

    private const string Unrelated = """
        namespace Shop;
        public class Basket { public int Count; }
        """;

    private static readonly string[] s_steps =
    [
        ProbeGenerator.Steps.TrackedMethods,
        ProbeGenerator.Steps.AllTrackedMethods,
        ProbeGenerator.Steps.ProbeFiles,
        ProbeGenerator.Steps.Diagnostics,
        ProbeGenerator.Steps.Conflicts,
        ProbeGenerator.Steps.TrackedNames,
        ProbeGenerator.Steps.CallCandidates,
        ProbeGenerator.Steps.CallSites,
        ProbeGenerator.Steps.InterceptorSupport,
        ProbeGenerator.Steps.NoCallSite,
        ProbeGenerator.Steps.NotCounted,
        ProbeGenerator.Steps.InterceptorFiles,
        ProbeGenerator.Steps.TargetSupported,
    ];

    [Fact]
    public void Running_again_on_the_same_compilation_caches_every_step()
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(Probes, Unrelated);
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        GeneratorRunResult second = driver.RunGenerators(compilation.Clone()).GetRunResult().Results.Single();

        AssertAllCachedOrUnchanged(second);
    }

    [Fact]
    public void An_unrelated_edit_leaves_every_step_cached_or_unchanged()
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(Probes, Unrelated);
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        SyntaxTree unrelated = compilation.SyntaxTrees.Single(t => t.ToString().Contains("Basket", StringComparison.Ordinal));
        CSharpCompilation edited = compilation.ReplaceSyntaxTree(
            unrelated,
            CSharpSyntaxTree.ParseText(Unrelated.Replace("public int Count;", "public int Count; public int Total;", StringComparison.Ordinal), GeneratorHarness.ParseOptions, unrelated.FilePath));

        GeneratorRunResult second = driver.RunGenerators(edited).GetRunResult().Results.Single();

        AssertAllCachedOrUnchanged(second);
    }

    [Fact]
    public void Editing_a_probe_method_regenerates_it()
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(Probes);
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        SyntaxTree tree = compilation.SyntaxTrees.Single();
        CSharpCompilation edited = compilation.ReplaceSyntaxTree(
            tree,
            CSharpSyntaxTree.ParseText(Probes.Replace("orders.checkout", "orders.pay", StringComparison.Ordinal), GeneratorHarness.ParseOptions, tree.FilePath));

        GeneratorRunResult second = driver.RunGenerators(edited).GetRunResult().Results.Single();

        Assert.Contains(second.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains("orders.pay", second.GeneratedSources.Single(s => s.HintName == "Shop.Probes.Probes.g.cs").SourceText.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_edit_in_one_calling_file_regenerates_only_that_files_interceptors()
    {
        const string Service = """
            using Instrumentation;
            namespace Shop;
            public class Orders { [TrackEndpoint("orders.place")] public int Place(int n) => n; }
            """;
        const string FirstCaller = "namespace Shop; public static class First { public static int Run(Orders o) => o.Place(1); }";
        const string SecondCaller = "namespace Shop; public static class Second { public static int Run(Orders o) => o.Place(2); }";
        CSharpCompilation compilation = GeneratorHarness.Compile(Service, FirstCaller, SecondCaller);
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        SyntaxTree first = compilation.SyntaxTrees.Single(t => t.ToString().Contains("class First", StringComparison.Ordinal));
        CSharpCompilation edited = compilation.ReplaceSyntaxTree(
            first,
            CSharpSyntaxTree.ParseText(FirstCaller.Replace("o.Place(1);", "o.Place(1) + o.Place(3);", StringComparison.Ordinal), GeneratorHarness.ParseOptions, first.FilePath));

        GeneratorRunResult second = driver.RunGenerators(edited).GetRunResult().Results.Single();

        var files = second.TrackedSteps[ProbeGenerator.Steps.InterceptorFiles].SelectMany(s => s.Outputs).ToList();
        Assert.Equal(2, files.Count);
        Assert.Single(files, o => o.Reason == IncrementalStepRunReason.Modified && ((InterceptorFileSpec)o.Value).HintName.StartsWith("Source1.", StringComparison.Ordinal));
        Assert.Single(files, o => o.Reason is IncrementalStepRunReason.Unchanged or IncrementalStepRunReason.Cached && ((InterceptorFileSpec)o.Value).HintName.StartsWith("Source2.", StringComparison.Ordinal));
    }

    [Fact]
    public void No_step_output_holds_a_symbol_syntax_node_or_compilation()
    {
        GeneratorRunResult result = GeneratorHarness.CreateDriver().RunGenerators(GeneratorHarness.Compile(Probes)).GetRunResult().Results.Single();

        foreach (string step in s_steps)
        {
            Assert.True(result.TrackedSteps.ContainsKey(step), $"step '{step}' did not run");
            foreach (object value in result.TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Value))
            {
                AssertHoldsNoRoslynObjects(value, step, depth: 0);
            }
        }
    }

    private static void AssertAllCachedOrUnchanged(GeneratorRunResult result)
    {
        foreach (string step in s_steps)
        {
            Assert.True(result.TrackedSteps.ContainsKey(step), $"step '{step}' did not run");
            foreach (IncrementalGeneratorRunStep run in result.TrackedSteps[step])
            {
                foreach ((object _, IncrementalStepRunReason reason) in run.Outputs)
                {
                    Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"step '{step}' was {reason}");
                }
            }
        }
    }

    private static void AssertHoldsNoRoslynObjects(object? value, string step, int depth)
    {
        if (value is null || depth > 8 || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum)
        {
            return;
        }

        Assert.False(value is ISymbol or SyntaxNode or Compilation or SemanticModel, $"step '{step}' holds a {value.GetType().Name}");
        if (value is DiagnosticDescriptor or Location or Microsoft.CodeAnalysis.Text.TextSpan or Microsoft.CodeAnalysis.Text.LinePositionSpan)
        {
            return;
        }

        if (value is IEnumerable items)
        {
            foreach (object? item in items)
            {
                AssertHoldsNoRoslynObjects(item, step, depth + 1);
            }

            return;
        }

        foreach (FieldInfo field in value.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            AssertHoldsNoRoslynObjects(field.GetValue(value), step, depth + 1);
        }
    }
}
