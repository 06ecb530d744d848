using Microsoft.CodeAnalysis;

namespace Instrumentation.Generators.Tests;

/// <summary>One test per diagnostic id: it fires where it should, with a message that says how to fix the code.</summary>
public sealed class DiagnosticTests
{
    [Fact]
    public void INSTR001_an_instance_probe_method()
    {
        Diagnostic d = Single("""
            partial class P { [TrackEvent("e")] partial void Happened(); }
            """, "INSTR001");
        Assert.Contains("declare it 'static partial' without a body", d.GetMessage(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("double ratio", "double")]
    [InlineData("System.Guid id", "System.Guid")]
    [InlineData("ref int count", "ref int")]
    [InlineData("int? maybe", "int?")]
    public void INSTR002_a_tag_parameter_of_an_unsupported_type(string parameter, string shownType)
    {
        Diagnostic d = Single($$"""
            static partial class P { [TrackEvent("e")] static partial void Happened({{parameter}}); }
            """, "INSTR002");
        Assert.Contains($"is '{shownType}', which cannot be a tag: use a string, bool, enum or integer", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void INSTR003_one_metric_name_for_two_kinds()
    {
        Diagnostic d = Single("""
            static partial class P
            {
                [TrackEvent("shared")] static partial void First();
                [TrackCacheEviction("shared")] static partial void Second();
            }
            """, "INSTR003");
        Assert.Contains("'shared' is declared by 'First' as event with tags () and by 'Second' as cache with tags ()", d.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("rename one of them", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void INSTR003_one_metric_name_with_two_tag_sets()
    {
        Single("""
            static partial class P
            {
                [TrackTokenIssue("tokens")] static partial void Issued(string audience);
                [TrackTokenRevoke("tokens")] static partial void Revoked(string client);
            }
            """, "INSTR003");
    }

    [Fact]
    public void INSTR003_two_token_lifetimes_for_one_token()
    {
        Single("""
            static partial class P
            {
                [TrackTokenIssue("tokens", LifetimeSeconds = 60)] static partial void Short();
                [TrackTokenIssue("tokens", LifetimeSeconds = 600)] static partial void Long();
            }
            """, "INSTR003");
    }

    [Theory]
    [InlineData("9lives")]
    [InlineData("with space")]
    [InlineData("")]
    public void INSTR004_an_invalid_metric_name(string name)
    {
        Diagnostic d = Single($$"""
            static partial class P { [TrackEvent("{{name}}")] static partial void Happened(); }
            """, "INSTR004");
        Assert.Contains("for example [TrackEvent(\"orders.checkout\")]", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void INSTR005_an_invalid_tag_name()
    {
        Diagnostic d = Single("""
            static partial class P { [TrackEvent("e")] static partial void Happened([Tag("client id")] string client); }
            """, "INSTR005");
        Assert.Contains("for example [Tag(\"client_id\")]", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void INSTR006_more_than_eight_tags()
    {
        Diagnostic d = Single("""
            static partial class P
            {
                [TrackEvent("e")] static partial void Happened(int a, int b, int c, int d, int e, int f, int g, int h, int i);
            }
            """, "INSTR006");
        Assert.Contains("has 9 tags; the most is 8", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void INSTR007_a_tracked_method_nobody_here_calls()
    {
        Diagnostic d = Single("""
            public class P { [TrackEndpoint("e")] public void Handle() { } }
            """, "INSTR007");
        Assert.Equal(DiagnosticSeverity.Info, d.Severity);
        Assert.Contains("call a probe method inside 'Handle'", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void INSTR007_is_not_reported_for_a_controller_action()
    {
        (GeneratorDriverRunResult result, _) = GeneratorHarness.Run("""
            using Instrumentation;
            public class ControllerBase { }
            public class OrdersController : ControllerBase { [TrackEndpoint("orders")] public void Get() { } }
            """);
        Assert.DoesNotContain(result.Diagnostics, d => d.Id == "INSTR007");
    }

    [Fact]
    public void INSTR008_a_language_version_below_12()
    {
        var options = GeneratorHarness.ParseOptions.WithLanguageVersion(Microsoft.CodeAnalysis.CSharp.LanguageVersion.CSharp11);
        (GeneratorDriverRunResult result, _) = GeneratorHarness.Run(options, """
            using Instrumentation;
            public class P { [TrackEndpoint("e")] public void Handle() { } public void Run() => Handle(); }
            """);
        Diagnostic d = Assert.Single(result.Diagnostics, d => d.Id == "INSTR008");
        Assert.Contains("set <LangVersion>12</LangVersion> or later", d.GetMessage(), StringComparison.Ordinal);
        Assert.DoesNotContain(result.GeneratedTrees, t => t.FilePath.EndsWith(".Interceptors.g.cs", StringComparison.Ordinal));
    }

    [Fact]
    public void INSTR009_a_local_function()
    {
        Diagnostic d = Single("""
            class P { void M() { [TrackEvent("e")] static void Local() { } Local(); } }
            """, "INSTR009");
        Assert.Contains("because it is a local function", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void INSTR009_a_property_accessor()
    {
        Diagnostic d = Single("""
            class P { int Count { [TrackEvent("e")] get => 1; } }
            """, "INSTR009");
        Assert.Contains("a property or event accessor", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void INSTR009_an_async_void_method()
    {
        Diagnostic d = Single("""
            class P { [TrackEndpoint] async void Fire() { await System.Threading.Tasks.Task.Yield(); } }
            """, "INSTR009");
        Assert.Contains("async void", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void INSTR009_a_generic_probe_method()
    {
        Single("""
            static partial class P { [TrackEvent("e")] static partial void Happened<T>(string kind); }
            """, "INSTR009");
    }

    [Theory]
    [InlineData("TrackEndpoint", "void", "must return Instrumentation.TrackingScope")]
    [InlineData("TrackTokenIssue", "int", "must return void")]
    [InlineData("TrackEvent", "int", "must return void, or Instrumentation.TrackingScope")]
    public void INSTR010_a_probe_method_returning_the_wrong_type(string attribute, string returnType, string expected)
    {
        Diagnostic d = Single($$"""
            static partial class P { [{{attribute}}("m")] static partial {{returnType}} Happened(); }
            """, "INSTR010");
        Assert.Contains(expected, d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void INSTR011_a_tracked_method_passed_as_a_delegate()
    {
        Diagnostic d = Single("""
            public class P
            {
                [TrackEvent("e")] public static void Happened() { }
                public static void Run(System.Action later) { Run(Happened); Happened(); }
            }
            """, "INSTR011");
        Assert.Equal(DiagnosticSeverity.Info, d.Severity);
        Assert.Contains("used as a delegate here", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void INSTR011_is_not_reported_for_an_aspnet_handler()
    {
        (GeneratorDriverRunResult result, _) = GeneratorHarness.Run("""
            using Instrumentation;
            public class App { public void MapGet(string pattern, System.Delegate handler) { } }
            public static class Handlers
            {
                [TrackEndpoint("orders")] public static string Orders() => "";
                public static void Map(App app) => app.MapGet("/orders", Orders);
            }
            """);
        Assert.DoesNotContain(result.Diagnostics, d => d.Id is "INSTR011" or "INSTR007");
    }

    [Fact]
    public void INSTR012_a_cache_lookup_probe_method_without_its_outcome()
    {
        Diagnostic d = Single("""
            static partial class P { [TrackCacheLookup("c")] static partial void Looked(string region); }
            """, "INSTR012");
        Assert.Contains("needs a 'bool hit' parameter", d.GetMessage(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("static string Read() => \"\";")]
    [InlineData("static int Read(int x) => x;")]
    [InlineData("int Read() => 1;")]
    [InlineData("private static int Read() => 1;")]
    public void INSTR013_a_gauge_that_cannot_be_read(string method)
    {
        Diagnostic d = Single($$"""
            class P { [TrackGauge("g")] {{method}} }
            """, "INSTR013");
        Assert.Contains("static method with no parameters that returns an integer", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void INSTR013_a_gauge_probe_method_without_a_delta()
    {
        Single("""
            static partial class P { [TrackGauge("g")] static partial void Changed(string room); }
            """, "INSTR013");
    }

    [Theory]
    [InlineData("public class P { [TrackEndpoint(\"e\")] private void Handle() { } }", "private or protected")]
    [InlineData("public class P<T> { [TrackEndpoint(\"e\")] public void Handle() { } }", "a member of a generic type")]
    [InlineData("public struct P { [TrackEndpoint(\"e\")] public void Handle() { } }", "an instance method of a struct")]
    public void INSTR014_a_method_whose_calls_cannot_be_intercepted(string source, string reason)
    {
        Diagnostic d = Single(source, "INSTR014");
        Assert.Contains(reason, d.GetMessage(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("public void Look(string key) { }")]
    [InlineData("public int Look(string key) => 0;")]
    [InlineData("public System.Threading.Tasks.Task Look(string key) => System.Threading.Tasks.Task.CompletedTask;")]
    public void INSTR015_a_cache_lookup_whose_result_cannot_say_hit(string method)
    {
        Diagnostic d = Single($$"""
            public class P { [TrackCacheLookup("c")] {{method}} }
            """, "INSTR015");
        Assert.Contains("return a bool (the TryGet pattern) or a value that is null on a miss", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void INSTR016_interceptors_not_enabled_for_the_generated_namespace()
    {
        var options = new Microsoft.CodeAnalysis.CSharp.CSharpParseOptions(Microsoft.CodeAnalysis.CSharp.LanguageVersion.CSharp12);
        (GeneratorDriverRunResult result, _) = GeneratorHarness.Run(options, """
            using Instrumentation;
            public class P { [TrackEndpoint("e")] public void Handle() { } public void Run() => Handle(); }
            """);
        Diagnostic d = Assert.Single(result.Diagnostics, d => d.Id == "INSTR016");
        Assert.Contains("<InterceptorsNamespaces>$(InterceptorsNamespaces);Instrumentation.Generated</InterceptorsNamespaces>", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_descriptor_has_a_test_and_a_unique_id()
    {
        string[] ids = [.. typeof(DiagnosticDescriptors)
            .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Select(f => ((DiagnosticDescriptor)f.GetValue(null)!).Id)];
        string[] tested = [.. typeof(DiagnosticTests).GetMethods().Select(m => m.Name).Where(n => n.StartsWith("INSTR", StringComparison.Ordinal)).Select(n => n[..8]).Distinct()];

        Assert.Equal(ids.Length, ids.Distinct().Count());
        Assert.Empty(ids.Except(tested));
    }

    private static Diagnostic Single(string source, string id)
    {
        (GeneratorDriverRunResult result, _) = GeneratorHarness.Run("using Instrumentation;\n" + source);
        Diagnostic diagnostic = Assert.Single(result.Diagnostics, d => d.Id == id);
        Assert.NotEqual(Location.None, diagnostic.Location);
        return diagnostic;
    }
}
