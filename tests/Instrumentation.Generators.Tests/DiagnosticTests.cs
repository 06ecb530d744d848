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
            public class P { [TrackEndpoint("e")] internal void Handle() { } }
            """, "INSTR007");
        Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
        Assert.Contains("Call a probe method inside 'Handle', or remove the attribute", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void INSTR007_is_not_reported_for_a_public_method_other_assemblies_may_call()
    {
        (GeneratorDriverRunResult result, _) = GeneratorHarness.Run("""
            using Instrumentation;
            public class P { [TrackEndpoint("e")] public void Handle() { } }
            """);
        Assert.DoesNotContain(result.Diagnostics, d => d.Id == "INSTR007");
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
        Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
        Assert.Contains("used as a delegate or function pointer here", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void INSTR011_is_not_reported_for_an_aspnet_handler()
    {
        (GeneratorDriverRunResult result, _) = GeneratorHarness.Run("""
            using Instrumentation;
            using Microsoft.AspNetCore.Builder;
            namespace Microsoft.AspNetCore.Builder
            {
                public class App { }
                public static class EndpointRouteBuilderExtensions { public static void MapGet(this App app, string pattern, System.Delegate handler) { } }
            }
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
    [InlineData("public class P<T> { [TrackEndpoint(\"e\")] public void Handle<T>() { } }", "type parameter named like one of its containing type")]
    [InlineData("public class P { private int _n; [TrackEndpoint(\"e\")] public ref int Handle() => ref _n; }", "ref-returning")]
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
        string[] tested = [.. typeof(DiagnosticTests).Assembly.GetTypes().SelectMany(t => t.GetMethods()).Select(m => m.Name).Where(n => n.StartsWith("INSTR", StringComparison.Ordinal)).Select(n => n[..8]).Distinct()];

        Assert.Equal(ids.Length, ids.Distinct().Count());
        Assert.Empty(ids.Except(tested));
    }

    [Fact]
    public void Every_descriptor_links_to_its_docs_page_and_the_page_exists()
    {
        string docs = Path.Combine(RepositoryRoot(), "docs", "diagnostics");
        foreach (DiagnosticDescriptor descriptor in typeof(DiagnosticDescriptors)
            .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Select(f => (DiagnosticDescriptor)f.GetValue(null)!))
        {
            Assert.EndsWith($"/docs/diagnostics/{descriptor.Id}.md", descriptor.HelpLinkUri, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(docs, descriptor.Id + ".md")), $"docs/diagnostics/{descriptor.Id}.md is missing");
        }
    }

    [Fact]
    public void INSTR011_is_reported_for_casts_branches_and_collections_but_not_for_nameof()
    {
        (GeneratorDriverRunResult result, _) = GeneratorHarness.Run("""
            using System;
            using System.Collections.Generic;
            using Instrumentation;
            public class P
            {
                [TrackEvent("e")] public static void Happened() { }
                public static void Other() { }
                public static object Run(bool b)
                {
                    Happened();
                    var cast = (Action)Happened;
                    Action branch = b ? Happened : Other;
                    List<Action> list = [Happened];
                    return nameof(Happened) + nameof(P.Happened);
                }
            }
            """);
        Assert.Equal(3, result.Diagnostics.Count(d => d.Id == "INSTR011"));
    }

    [Fact]
    public void INSTR014_an_explicit_interface_implementation_is_told_to_move_the_attribute_to_the_interface()
    {
        Diagnostic d = Single("""
            public interface IStore { void Save(); }
            public class Store : IStore { [TrackEndpoint("e")] void IStore.Save() { } }
            """, "INSTR014");
        Assert.Contains("put the attribute on that interface member", d.GetMessage(), StringComparison.Ordinal);
        Assert.DoesNotContain("make it internal or public", d.GetMessage(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("file class Local { [TrackEndpoint(\"e\")] public void M() { } }", "file-local type 'Local'")]
    [InlineData("public interface IShape { [TrackEndpoint(\"e\")] static abstract void Make(); }", "static abstract or virtual interface member")]
    [InlineData("public class P { [TrackEndpoint(\"e\")] public void M(__arglist) { } }", "__arglist")]
    public void INSTR014_shapes_an_interceptor_cannot_name(string source, string reason)
    {
        Diagnostic d = Single(source, "INSTR014");
        Assert.Contains(reason, d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void INSTR014_a_member_of_a_CSharp_14_extension_block_with_a_name_the_user_wrote()
    {
        var options = new Microsoft.CodeAnalysis.CSharp.CSharpParseOptions(Microsoft.CodeAnalysis.CSharp.LanguageVersion.Preview)
            .WithFeatures([new("InterceptorsNamespaces", ProbeGenerator.InterceptorsNamespace)]);
        (GeneratorDriverRunResult result, _) = GeneratorHarness.Run(options, """
            using Instrumentation;
            public static class TextExtensions
            {
                extension(string text)
                {
                    [TrackEvent] public int Words() => text.Split(' ').Length;
                }
            }
            public static class Calls { public static int Run() => "a b".Words(); }
            """);
        Diagnostic d = Assert.Single(result.Diagnostics, d => d.Id == "INSTR014");
        Assert.Contains("C# 14 extension block", d.GetMessage(), StringComparison.Ordinal);
        Assert.DoesNotContain(result.Diagnostics, d => d.Id == "INSTR004");
    }

    [Fact]
    public void INSTR009_a_probe_method_in_a_file_local_type()
    {
        Diagnostic d = Single("""
            file static partial class P { [TrackEvent("e")] static partial void Happened(); }
            """, "INSTR009");
        Assert.Contains("file-local type", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void INSTR017_dynamic_arguments_expression_trees_and_boxed_receivers_are_not_counted()
    {
        (GeneratorDriverRunResult result, var output) = GeneratorHarness.Run("""
            using System;
            using System.Linq;
            using System.Linq.Expressions;
            using Instrumentation;
            public interface IBump { [TrackEvent("bump")] void Bump(); }
            public struct Counter : IBump { public int N; public void Bump() => N++; }
            public class Service { [TrackEvent("handled")] public int Handle(int x) => x; }
            public static class Calls
            {
                public static void Run(Service s, dynamic d, IQueryable<int> q, Counter c)
                {
                    s.Handle(d);
                    Expression<Func<int, int>> tree = x => s.Handle(x);
                    var query = from x in q where s.Handle(x) > 0 select x;
                    Bump(ref c);
                    c.Bump();
                    s.Handle(1);
                }
                static void Bump<T>(ref T t) where T : IBump => t.Bump();
            }
            """);
        string[] reasons = [.. result.Diagnostics.Where(d => d.Id == "INSTR017").Select(d => d.GetMessage())];
        Assert.True(reasons.Length == 4, string.Join("\n", result.Diagnostics.Select(d => d.ToString())) + string.Join("\n", output));
        Assert.Equal(4, reasons.Length);
        Assert.Contains(reasons, r => r.Contains("arguments are dynamic", StringComparison.Ordinal));
        Assert.Equal(2, reasons.Count(r => r.Contains("inside an expression tree", StringComparison.Ordinal)));
        Assert.Contains(reasons, r => r.Contains("receiver is of type 'T'", StringComparison.Ordinal));
        Assert.DoesNotContain(reasons, r => r.Contains("receiver is of type 'Counter'", StringComparison.Ordinal));
        Assert.All(result.Diagnostics.Where(d => d.Id == "INSTR017"), d => Assert.Equal(DiagnosticSeverity.Warning, d.Severity));
        Assert.Empty(output);
    }

    [Fact]
    public void INSTR018_an_attribute_on_an_override_says_calls_through_the_base_are_not_counted()
    {
        Diagnostic d = Single("""
            public class Repository { public virtual void Save() { } }
            public class Orders : Repository { [TrackEndpoint("save")] public override void Save() { } }
            """, "INSTR018");
        Assert.Contains("counts calls made through 'Orders' and types derived from it, not calls through 'Repository.Save'", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void INSTR018_is_not_reported_when_the_base_member_is_tracked_too()
    {
        (GeneratorDriverRunResult result, _) = GeneratorHarness.Run("""
            using Instrumentation;
            public interface IStore { [TrackEndpoint("save")] void Save(); }
            public class Store : IStore { [TrackEndpoint("save")] public void Save() { } }
            public static class Calls { public static void Run(IStore s) => s.Save(); }
            """);
        Assert.DoesNotContain(result.Diagnostics, d => d.Id == "INSTR018");
    }

    [Fact]
    public void INSTR019_two_tags_with_one_name()
    {
        Diagnostic d = Single("""
            static partial class P { [TrackEvent("e")] static partial void Happened([Tag("who")] string a, [Tag("who")] string b); }
            """, "INSTR019");
        Assert.Contains("two tags named 'who'", d.GetMessage(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[TrackEvent(\"e\", CardinalityLimit = -1)] static partial void Happened();", "CardinalityLimit = -1")]
    [InlineData("[TrackTokenIssue(\"t\", LifetimeSeconds = -5)] static partial void Issued();", "LifetimeSeconds = -5")]
    public void INSTR020_a_negative_limit(string declaration, string shown)
    {
        Diagnostic d = Single($$"""
            static partial class P { {{declaration}} }
            """, "INSTR020");
        Assert.StartsWith(shown, d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void INSTR005_a_tag_whose_name_is_null()
    {
        Diagnostic d = Single("""
            static partial class P { [TrackEvent("e")] static partial void Happened([Tag(null!)] string who); }
            """, "INSTR005");
        Assert.Contains("'' is not a valid tag name for the parameter 'who'", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void INSTR021_two_track_attributes_on_one_method()
    {
        (GeneratorDriverRunResult result, var output) = GeneratorHarness.Run("""
            using Instrumentation;
            static partial class P { [TrackEvent("e")][TrackTokenIssue("t")] static partial void Happened(); }
            public class S { [TrackEvent("e2")][TrackEndpoint("e3")] public void Run() { } }
            """);
        Assert.Equal(2, result.Diagnostics.Count(d => d.Id == "INSTR021"));
        Assert.Contains("carries [TrackEvent] and [TrackTokenIssue]", result.Diagnostics.First(d => d.Id == "INSTR021").GetMessage(), StringComparison.Ordinal);
        Assert.DoesNotContain(output, d => d.Id == "CS0757");
    }

    [Theory]
    [InlineData("[TrackEvent(\"e\")] static partial void Happened(); static partial void Happened() { }")]
    [InlineData("static partial void Happened(); [TrackEvent(\"e\")] static partial void Happened() { }")]
    [InlineData("[TrackEvent(\"e\")] partial void Happened(); partial void Happened() { }")]
    public void INSTR022_a_probe_method_with_a_body(string members)
    {
        Diagnostic d = Single($$"""
            partial class P { {{members}} }
            """, "INSTR022");
        Assert.Contains("already has an implementation part", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_pragma_suppresses_a_warning_at_the_line_it_covers()
    {
        (GeneratorDriverRunResult result, _) = GeneratorHarness.Run("""
            using Instrumentation;
            public class P
            {
                [TrackEvent("e")] public static void Happened() { }
                public static void Run(System.Action later)
                {
            #pragma warning disable INSTR011
                    Run(Happened);
            #pragma warning restore INSTR011
                    Run(Happened);
                }
            }
            """);
        Diagnostic[] warnings = [.. result.Diagnostics.Where(d => d.Id == "INSTR011")];
        Assert.Equal(2, warnings.Length);
        Assert.Single(warnings, d => d.IsSuppressed);
    }

    [Fact]
    public void INSTR023_choice_tags_with_more_combinations_than_an_int_holds()
    {
        string members = string.Join(", ", Enumerable.Range(0, 300).Select(i => "A" + i));
        Diagnostic d = Single($$"""
            public enum Big { {{members}} }
            static partial class P { [TrackEvent("e")] static partial void Happened(Big a, Big b, Big c, Big d); }
            """, "INSTR023");
        Assert.Contains("more than 2,147,483,647", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void INSTR009_an_iterator_and_a_lambda_outside_a_route_map()
    {
        (GeneratorDriverRunResult result, _) = GeneratorHarness.Run("""
            using System.Collections.Generic;
            using Instrumentation;
            using Microsoft.AspNetCore.Builder;
            namespace Microsoft.AspNetCore.Builder
            {
                public class App { }
                public static class EndpointRouteBuilderExtensions { public static void MapGet(this App app, string pattern, System.Delegate handler) { } }
            }
            public static class S
            {
                [TrackEndpoint("iter")] public static IEnumerable<int> Numbers() { yield return 1; }
                public static void Run(App app)
                {
                    var counted = [TrackEvent("lambda")] () => 1;
                    app.MapGet("/x", [TrackEndpoint("route")] () => 2);
                }
            }
            """);
        string[] messages = [.. result.Diagnostics.Where(d => d.Id == "INSTR009").Select(d => d.GetMessage())];
        Assert.Equal(2, messages.Length);
        Assert.Contains(messages, m => m.Contains("an iterator", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("a lambda", StringComparison.Ordinal));
    }

    [Fact]
    public void INSTR011_a_function_pointer_to_a_tracked_method()
    {
        var options = GeneratorHarness.ParseOptions;
        (GeneratorDriverRunResult result, _) = GeneratorHarness.Run(options, allowUnsafe: true, """
            using Instrumentation;
            public static unsafe class P
            {
                [TrackEvent("e")] public static int Target(int x) => x;
                public static int Run() { delegate*<int, int> f = &Target; return f(1) + Target(2); }
            }
            """);
        Diagnostic d = Assert.Single(result.Diagnostics, d => d.Id == "INSTR011");
        Assert.Contains("function pointer", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void INSTR014_a_public_method_in_a_private_nested_type_names_that_type()
    {
        Diagnostic d = Single("""
            public class Outer { private class Hidden { [TrackEndpoint("e")] public void Handle() { } } }
            """, "INSTR014");
        Assert.Contains("'Hidden'", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void INSTR018_for_a_member_of_a_framework_interface_says_calls_through_it_cannot_be_counted()
    {
        Diagnostic d = Single("""
            using System.Collections;
            using System.Collections.Generic;
            public class Bag : IEnumerable<int>
            {
                [TrackEvent("e")] public IEnumerator<int> GetEnumerator() => new List<int>().GetEnumerator();
                IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
            }
            """, "INSTR018");
        Assert.Contains("IEnumerable<T>.GetEnumerator", d.GetMessage(), StringComparison.Ordinal);
        Assert.DoesNotContain("put the attribute on", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_struct_method_refused_at_its_declaration_is_not_reported_again_at_each_call()
    {
        (GeneratorDriverRunResult result, _) = GeneratorHarness.Run("""
            using Instrumentation;
            public struct Counter { private int _n; [TrackEvent("e")] public ref int Slot() => ref _n; }
            public static class Calls { public static void Run(Counter c) { c.Slot()++; c.Slot()++; } }
            """);
        Assert.Single(result.Diagnostics, d => d.Id == "INSTR014");
        Assert.DoesNotContain(result.Diagnostics, d => d.Id == "INSTR017");
    }

    [Fact]
    public void INSTR021_is_left_to_the_compiler_when_one_attribute_is_repeated()
    {
        (GeneratorDriverRunResult result, _) = GeneratorHarness.Run("""
            using Instrumentation;
            public class S { [TrackEvent("a")][TrackEvent("b")] public void Run() { } }
            """);
        Assert.DoesNotContain(result.Diagnostics, d => d.Id == "INSTR021");
    }

    [Theory]
    [InlineData("public Awaitable Run() => new Awaitable();", "'Awaitable'")]
    [InlineData("public System.Runtime.CompilerServices.ConfiguredTaskAwaitable Run() => System.Threading.Tasks.Task.CompletedTask.ConfigureAwait(false);", "'ConfiguredTaskAwaitable'")]
    [InlineData("public OwnTask Run() => new OwnTask();", "'OwnTask'")]
    public void INSTR014_an_awaitable_other_than_Task_or_ValueTask(string method, string shown)
    {
        Diagnostic d = Single($$"""
            public class Awaitable { public System.Runtime.CompilerServices.TaskAwaiter GetAwaiter() => System.Threading.Tasks.Task.CompletedTask.GetAwaiter(); }
            public class OwnTask : System.Threading.Tasks.Task<int> { public OwnTask() : base(() => 1) { } }
            public class S { [TrackEndpoint("e")] {{method}} }
            """, "INSTR014");
        Assert.Contains(shown, d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void INSTR011_is_reported_for_a_method_named_Map_that_is_not_an_aspnet_route()
    {
        (GeneratorDriverRunResult result, _) = GeneratorHarness.Run("""
            using Instrumentation;
            public static class Program
            {
                [TrackEvent("e")] public static void Handler() { }
                public static void MapAll(System.Action handler) { }
                public static void Run() { Program.MapAll(Handler); Handler(); }
            }
            """);
        Assert.Single(result.Diagnostics, d => d.Id == "INSTR011");
    }

    [Fact]
    public void Only_a_TrackEndpoint_handler_passed_as_a_minimal_API_delegate_is_left_to_the_aspnet_package()
    {
        (GeneratorDriverRunResult result, _) = GeneratorHarness.Run("""
            using System;
            using Instrumentation;
            using Microsoft.AspNetCore.Builder;
            namespace Microsoft.AspNetCore.Builder
            {
                public class App { }
                public static class EndpointRouteBuilderExtensions { public static void MapGet(this App app, string pattern, Delegate handler) { } }
                public static class MapWhenExtensions { public static void MapWhen(this App app, Func<bool> predicate, Action branch) { } }
                public static class ThirdParty { public static void MapAllMine(this App app, Action callback) => callback(); }
            }
            public static class Handlers
            {
                [TrackEndpoint("orders")] public static string Orders() => "";
                [TrackEvent("ev")] public static string Ev() => "";
                [TrackEndpoint("pred")] public static bool Pred() => true;
                [TrackEndpoint("cb")] public static void Cb() { }
                public static void Map(App app)
                {
                    app.MapGet("/orders", Orders);
                    app.MapGet("/ev", Ev);
                    app.MapWhen(Pred, () => { });
                    app.MapAllMine(Cb);
                    app.MapGet("/lambda", [TrackEndpoint("lambda")] () => 1);
                    app.MapWhen([TrackEndpoint("when")] () => true, () => { });
                }
            }
            """);
        Assert.Equal(["Cb", "Ev", "Pred"], result.Diagnostics.Where(d => d.Id == "INSTR011").Select(d => d.GetMessage().Split('\'')[1]).Order());
        Assert.Single(result.Diagnostics, d => d.Id == "INSTR009");
    }

    [Theory]
    [InlineData("public System.Collections.Generic.IEnumerator<int> GetEnumerator() => new System.Collections.Generic.List<int>().GetEnumerator();", "foreach")]
    [InlineData("public void Add(int item) { }", "collection initializer")]
    [InlineData("public void Deconstruct(out int a, out int b) { a = 1; b = 2; }", "deconstruction")]
    [InlineData("public void Dispose() { }", "using")]
    [InlineData("public Bag Select(System.Func<int, int> map) => this;", "query")]
    public void INSTR024_a_method_the_language_calls_without_a_written_call(string member, string pattern)
    {
        Diagnostic d = Single($$"""
            public class Bag : System.Collections.IEnumerable
            {
                System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => new int[0].GetEnumerator();
                [TrackEvent("e")] {{member}}
            }
            """, "INSTR024");
        Assert.Contains(pattern, d.GetMessage(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[TrackEndpoint(\"e\")] static partial TrackingScope Handle([Value] long bytes);", "is a [TrackEndpoint] probe method")]
    [InlineData("[TrackEvent(\"e\")] static partial void Happened([Value, Tag(\"b\")] long bytes);", "a tag or a value, not both")]
    [InlineData("[TrackEvent(\"e\")] static partial void Happened([Value] double bytes);", "is 'double', and a value is an integer")]
    [InlineData("[TrackEvent(\"e\")] static partial void Happened([Value] ref long bytes);", "is 'ref long', and a value is an integer")]
    [InlineData("[TrackEvent(\"e\")] static partial void Happened([Value] long a, [Value] long bytes);", "'a' already is")]
    [InlineData("[TrackEvent(\"e\")] public static void Happened([Value] long bytes) { } static void Call() => Happened(1);", "works on a [TrackEvent] probe method")]
    [InlineData("[TrackUsage(\"u\")] static partial void Completed([Tag(\"model\")] string model, [Value] long bytes);", "names none: name it inputTokens, outputTokens, costMicros")]
    [InlineData("[TrackUsage(\"u\")] static partial void Completed([Tag(\"model\")] string model, [Value] decimal bytes);", "is 'decimal', and a value is an integer")]
    public void INSTR025_an_invalid_value_parameter(string member, string reason)
    {
        (GeneratorDriverRunResult result, _) = GeneratorHarness.Run($$"""
            using Instrumentation;
            static partial class P { {{member}} }
            """);

        Diagnostic d = Assert.Single(result.Diagnostics, d => d.Id == "INSTR025");
        Assert.Contains("'bytes'", d.GetMessage(), StringComparison.Ordinal);
        Assert.Contains(reason, d.GetMessage(), StringComparison.Ordinal);
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
    }

    [Fact]
    public void INSTR027_usage_on_a_method_with_a_body_asks_for_a_probe_method_and_its_calls_are_not_intercepted()
    {
        (GeneratorDriverRunResult result, _) = GeneratorHarness.Run("""
            using Instrumentation;
            static partial class P
            {
                [TrackUsage("u")] public static string Ask(string model) => model;
                static string Call() => Ask("gpt-4o");
            }
            """);

        Diagnostic d = Assert.Single(result.Diagnostics);
        Assert.Equal(("INSTR027", DiagnosticSeverity.Error), (d.Id, d.Severity));
        Assert.Contains("[TrackUsage] cannot go on 'Ask', which is not a static partial probe method", d.GetMessage(), StringComparison.Ordinal);
        Assert.Empty(result.GeneratedTrees);
    }

    [Theory]
    [InlineData("static partial void Completed([Tag(\"provider\")] string provider, [Value] long inputTokens);", true)]
    [InlineData("static partial UsageScope Calling([Tag(\"provider\")] string provider);", true)]
    [InlineData("static partial void Completed([Tag(\"model\")] string name, [Value] long inputTokens);", false)]
    [InlineData("static partial void Completed([Tag(\"provider\")] string provider, [Value] long inputTokens, [Value] long costMicros);", false)]
    [InlineData("static partial void Completed([Tag(\"provider\")] string provider);", false)]
    public void INSTR028_usage_with_tokens_but_no_cost_nor_model_tag_will_be_unpriced(string member, bool warned)
    {
        (GeneratorDriverRunResult result, _) = GeneratorHarness.Run($$"""
            using Instrumentation;
            static partial class P { [TrackUsage("u")] {{member}} }
            """);

        Assert.Equal(warned ? ["INSTR028"] : [], result.Diagnostics.Select(d => d.Id));
        Assert.All(result.Diagnostics, d => Assert.Equal(DiagnosticSeverity.Warning, d.Severity));
    }

    [Fact]
    public void INSTR029_a_timed_usage_probe_method_takes_no_failed_parameter_its_scope_fails()
    {
        (GeneratorDriverRunResult result, _) = GeneratorHarness.Run("""
            using Instrumentation;
            static partial class P { [TrackUsage("u")] static partial UsageScope Calling([Tag("model")] string model, bool failed); }
            """);

        Diagnostic d = Assert.Single(result.Diagnostics);
        Assert.Equal(("INSTR029", DiagnosticSeverity.Error), (d.Id, d.Severity));
        Assert.Contains("call scope.Fail()", d.GetMessage(), StringComparison.Ordinal);
        Assert.Empty(result.GeneratedTrees);
    }

    [Fact]
    public void INSTR027_on_an_abstract_usage_method_does_not_claim_it_has_a_body()
    {
        (GeneratorDriverRunResult result, _) = GeneratorHarness.Run("""
            using Instrumentation;
            abstract class P { [TrackUsage("u")] public abstract void Completed([Tag("model")] string model); }
            """);

        Diagnostic d = Assert.Single(result.Diagnostics);
        Assert.Equal("INSTR027", d.Id);
        Assert.DoesNotContain("has a body", d.GetMessage(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("static partial TrackingScope Calling([Tag(\"model\")] string model);", "void, or Instrumentation.UsageScope")]
    [InlineData("static partial int Calling([Tag(\"model\")] string model);", "void, or Instrumentation.UsageScope")]
    public void A_usage_probe_method_returns_void_or_a_usage_scope(string member, string expected)
    {
        (GeneratorDriverRunResult result, _) = GeneratorHarness.Run($$"""
            using Instrumentation;
            static partial class P { [TrackUsage("u")] {{member}} }
            """);

        Assert.Contains(expected, Assert.Single(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Error).GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void INSTR026_a_usage_amount_left_without_Value_is_noted_even_beside_other_values()
    {
        (GeneratorDriverRunResult result, _) = GeneratorHarness.Run("""
            using Instrumentation;
            static partial class P { [TrackUsage("u")] static partial void Completed([Tag("model")] string model, [Value] long inputTokens, long outputTokens); }
            """);

        Diagnostic d = Assert.Single(result.Diagnostics);
        Assert.Equal("INSTR026", d.Id);
        Assert.Contains("'outputTokens'", d.GetMessage(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("long byteCount", true)]
    [InlineData("int input_tokens", true)]
    [InlineData("long sizeInBytes", true)]
    [InlineData("int amount", true)]
    [InlineData("long HTTPSize", true)]
    [InlineData("int IOCount", true)]
    [InlineData("int x2count", true)]
    [InlineData("long accountId", false)]
    [InlineData("int countryCode", false)]
    [InlineData("int discount", false)]
    [InlineData("string count", false)]
    [InlineData("[Tag(\"count\")] int count", false)]
    [InlineData("[Value] long count", false)]
    public void INSTR026_an_integer_tag_named_like_an_amount_is_reported_and_still_generated(string parameter, bool reported)
    {
        (GeneratorDriverRunResult result, _) = GeneratorHarness.Run($$"""
            using Instrumentation;
            static partial class P { [TrackEvent("e")] static partial void Happened({{parameter}}); }
            """);

        Assert.Equal(reported, result.Diagnostics.Any(d => d.Id == "INSTR026" && d.Severity == DiagnosticSeverity.Info));
        Assert.DoesNotContain(result.Diagnostics, d => d.Severity >= DiagnosticSeverity.Warning);
        Assert.NotEmpty(result.GeneratedTrees);
    }

    [Theory]
    [InlineData("[TrackCacheLookup(\"c\")] static partial void Looked(bool hit, int size);")]
    [InlineData("[TrackGauge(\"g\")] static partial void Moved(long delta, int byteCount);")]
    [InlineData("[TrackEvent(\"e\")] static partial void Happened([Value] long bytes, int byteCount);")]
    public void INSTR026_is_not_reported_where_a_value_cannot_be_added(string member)
    {
        (GeneratorDriverRunResult result, _) = GeneratorHarness.Run($$"""
            using Instrumentation;
            static partial class P { {{member}} }
            """);

        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void INSTR003_one_event_metric_with_and_without_a_value()
    {
        Diagnostic d = Single("""
            static partial class P
            {
                [TrackEvent("uploads")] static partial void First([Value] long bytes);
                [TrackEvent("uploads")] static partial void Second();
            }
            """, "INSTR003");
        Assert.Contains("and a [Value]", d.GetMessage(), StringComparison.Ordinal);
    }

    private static string RepositoryRoot([System.Runtime.CompilerServices.CallerFilePath] string path = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", ".."));

    private static Diagnostic Single(string source, string id)
    {
        (GeneratorDriverRunResult result, _) = GeneratorHarness.Run("using Instrumentation;\n" + source);
        Diagnostic diagnostic = Assert.Single(result.Diagnostics, d => d.Id == id);
        Assert.NotEqual(Location.None, diagnostic.Location);
        return diagnostic;
    }
}
