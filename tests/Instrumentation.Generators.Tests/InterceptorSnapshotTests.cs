using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Instrumentation.Generators.Tests;

/// <summary>The generated interceptors, one test per call shape and signal kind, kept as verified snapshots (location data scrubbed).</summary>
public sealed class InterceptorSnapshotTests
{
    [Fact]
    public void Sync_static_and_instance_endpoint_calls_are_timed_and_failures_rethrown()
    {
        VerifyInterceptors("""
            using Instrumentation;
            namespace Shop;

            public class Orders
            {
                [TrackEndpoint("orders.place")]
                public int Place([Tag("client")] string client, int quantity) => quantity;

                [TrackEndpoint("orders.audit")]
                public static void Audit() { }
            }

            public static class Caller
            {
                public static int Run(Orders orders)
                {
                    Orders.Audit();
                    Orders.Audit();
                    return orders.Place("web", 2);
                }
            }
            """);
    }

    [Fact]
    public void Task_and_value_task_calls_are_recorded_when_they_complete()
    {
        VerifyInterceptors("""
            using System.Threading.Tasks;
            using Instrumentation;
            namespace Shop;

            public class Payments
            {
                [TrackEndpoint("payments.charge")]
                public Task<decimal> ChargeAsync(decimal amount) => Task.FromResult(amount);

                [TrackEndpoint("payments.refund")]
                public ValueTask RefundAsync() => default;

                [TrackTokenIssue("payments.tokens")]
                public async Task<string> IssueAsync() { await Task.Yield(); return "t"; }
            }

            public static class Caller
            {
                public static async Task Run(Payments payments)
                {
                    await payments.ChargeAsync(3m);
                    await payments.RefundAsync();
                    await payments.IssueAsync();
                }
            }
            """);
    }

    [Fact]
    public void Cache_lookups_count_a_true_or_non_null_result_as_a_hit_through_out_parameters()
    {
        VerifyInterceptors("""
            using System.Threading.Tasks;
            using Instrumentation;
            namespace Shop;

            public class Catalog
            {
                [TrackCacheLookup("catalog")]
                public bool TryGet(string key, out string? value) { value = null; return false; }

                [TrackCacheLookup("catalog")]
                public Task<string?> FindAsync(string key) => Task.FromResult<string?>(null);

                [TrackCacheEviction("catalog")]
                public void Evict(string key) { }
            }

            public static class Caller
            {
                public static async Task Run(Catalog catalog)
                {
                    catalog.TryGet("a", out _);
                    await catalog.FindAsync("b");
                    catalog.Evict("c");
                }
            }
            """);
    }

    [Fact]
    public void Generic_extension_and_ref_parameter_calls_keep_their_signature()
    {
        VerifyInterceptors("""
            using System.Collections.Generic;
            using Instrumentation;
            namespace Shop;

            public interface IRepository
            {
                [TrackEvent("repository.saved", Timed = true)]
                void Save<T>(T item, ref int version) where T : class, new();
            }

            public static class Extensions
            {
                [TrackEvent("list.added")]
                public static void AddTracked<T>(this List<T> list, T item) => list.Add(item);
            }

            public static class Caller
            {
                public static void Run(IRepository repository, List<int> list)
                {
                    int version = 1;
                    repository.Save(new object(), ref version);
                    list.AddTracked(4);
                    Extensions.AddTracked(list, 5);
                }
            }
            """);
    }

    [Fact]
    public void Members_of_generic_types_get_one_generic_interceptor_with_the_types_parameters_first()
    {
        VerifyInterceptors("""
            using Instrumentation;
            namespace Shop;

            public class Box<T> where T : notnull
            {
                [TrackEvent("box.put")]
                public void Put(T item) { }

                [TrackEndpoint("box.map")]
                public TOut Map<TOut>(System.Func<T, TOut> map) where TOut : class => map(default!);
            }

            public static class Caller
            {
                public static void Run(Box<string> box)
                {
                    box.Put("a");
                    box.Map(s => s);
                }
            }
            """);
    }

    [Fact]
    public void Attributes_the_compiler_reads_are_copied_onto_the_interceptor()
    {
        VerifyInterceptors("""
            using System;
            using System.Diagnostics.CodeAnalysis;
            using Instrumentation;
            namespace Shop;

            public class Cache
            {
                [Obsolete("use TryGet2")]
                [TrackCacheLookup("cache")]
                public bool TryGet(string key, [NotNullWhen(true)] out string? value) { value = key; return true; }

                [RequiresUnreferencedCode("reflects")]
                [TrackEvent("reflect")]
                [return: NotNullIfNotNull(nameof(name))]
                public string? Describe<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] T>(string? name) => name;
            }

            public static class Caller
            {
                [Obsolete("calls obsolete code")]
                [RequiresUnreferencedCode("calls Describe")]
                public static void Run(Cache cache)
                {
                    cache.TryGet("a", out _);
                    cache.Describe<string>("x");
                }
            }
            """);
    }

    [Fact]
    public void Scoped_ref_struct_generics_and_pointers_keep_their_modifiers()
    {
        VerifyInterceptors("""
            using System;
            using Instrumentation;
            namespace Shop;

            public static unsafe class Memory
            {
                [TrackEvent("sum")]
                public static int Sum(scoped ReadOnlySpan<int> values) => values.Length;

                [TrackEvent("length")]
                public static int Length<T>(T value) where T : allows ref struct => 1;

                [TrackEvent("read")]
                public static int Read(int* pointer) => *pointer;

                public static int Run(int* pointer, ReadOnlySpan<int> values) => Sum(values) + Length(values) + Read(pointer);
            }
            """, LanguageVersion.Preview, allowUnsafe: true);
    }

    [Fact]
    public void Calls_through_an_implementing_type_use_the_interface_members_probe_and_their_own_tag_names()
    {
        VerifyInterceptors("""
            using Instrumentation;
            namespace Shop;

            public interface IStore
            {
                [TrackEndpoint("store.save")]
                int Save([Tag("table")] string table);
            }

            public class Store : IStore
            {
                public int Save(string name) => name.Length;
            }

            public static class Caller
            {
                public static int Run(Store store, IStore viaInterface) => store.Save("a") + viaInterface.Save("b");
            }
            """);
    }

    private static void VerifyInterceptors(string source, [CallerMemberName] string test = "") =>
        VerifyInterceptors(source, LanguageVersion.CSharp12, allowUnsafe: false, test);

    private static void VerifyInterceptors(string source, LanguageVersion version, bool allowUnsafe, [CallerMemberName] string test = "")
    {
        (GeneratorDriverRunResult result, var outputDiagnostics) = GeneratorHarness.Run(GeneratorHarness.ParseOptions.WithLanguageVersion(version), allowUnsafe, source);

        Assert.Empty(result.Diagnostics);
        Assert.Empty(outputDiagnostics);
        SyntaxTree tree = Assert.Single(result.GeneratedTrees, t => t.FilePath.EndsWith(".Interceptors.g.cs", StringComparison.Ordinal));
        SnapshotFile.Verify($"{nameof(InterceptorSnapshotTests)}.{test}", tree.GetText().ToString());
    }
}
