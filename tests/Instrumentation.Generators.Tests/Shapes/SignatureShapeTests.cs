using Instrumentation.Probes;

namespace Instrumentation.Generators.Tests.Shapes;

/// <summary>
/// Signatures real libraries are full of build cleanly with every warning an error: the interceptor
/// carries what the compiler and analyzers read from the original, and the warnings those attributes
/// cause stay at the user's call site.
/// </summary>
public sealed class SignatureShapeTests
{
    [Fact]
    public void Nullable_flow_attributes_are_kept()
    {
        ShapeProgram program = ShapeProgram.Build("""
            using System;
            using System.Collections.Generic;
            using System.Diagnostics.CodeAnalysis;
            using Instrumentation;

            public class Cache<TKey, TValue> where TKey : notnull { }

            public class Store
            {
                private readonly Dictionary<string, string> _items = new() { ["a"] = "A" };

                [TrackCacheLookup("shape.nullable.tryget")]
                public bool TryGet(string key, [NotNullWhen(true)] out string? value) => _items.TryGetValue(key, out value);

                [TrackCacheLookup("shape.nullable.maybe")]
                public bool TryPeek<T>(T fallback, [MaybeNullWhen(false)] out T value)
                {
                    value = fallback;
                    return fallback is not null;
                }

                [TrackEvent("shape.nullable.notnull")]
                public void Ensure([NotNull] ref string? text) => text ??= "filled";

                [TrackEvent("shape.nullable.return")]
                [return: MaybeNull]
                public T Default<T>() => default;

                [TrackEvent("shape.nullable.ifnotnull")]
                [return: NotNullIfNotNull(nameof(text))]
                public string? Echo(string? text) => text;

                [TrackEndpoint("shape.nullable.throws")]
                [DoesNotReturn]
                public void Fail() => throw new InvalidOperationException("no");
            }

            public static class Shape
            {
                public static string Run()
                {
                    var store = new Store();
                    string length = store.TryGet("a", out string? found) ? found.Length.ToString() : "none";
                    bool peeked = store.TryPeek("x", out string? peek);
                    string? text = null;
                    store.Ensure(ref text);
                    string echoed = store.Echo("e");
                    string result = $"{length} {peeked} {peek} {text.Length} {echoed.Length} {store.Default<string>() is null}";
                    try
                    {
                        store.Fail();
                    }
                    catch (InvalidOperationException)
                    {
                        result += " failed";
                    }

                    return result;
                }
            }
            """);

        Assert.Equal("1 True x 6 1 True failed", program.Run());
        Assert.Equal(1, ShapeProgram.Counter("shape.nullable.tryget", CacheFields.Hits));
        Assert.Equal(1, ShapeProgram.Counter("shape.nullable.throws", EndpointFields.Failures));
    }

    [Fact]
    public void Obsolete_experimental_and_trimming_attributes_warn_at_the_call_site_only()
    {
        ShapeProgram program = ShapeProgram.Build("""
            using System;
            using System.Diagnostics.CodeAnalysis;
            using Instrumentation;

            public class Legacy
            {
                [Obsolete("use New")]
                [TrackEvent("shape.attributes.obsolete")]
                public int Old() => 1;

                [Obsolete("gone", error: true)]
                [TrackEvent("shape.attributes.obsolete.error")]
                public int Gone() => 2;

                [Experimental("SHAPE001")]
                [TrackEvent("shape.attributes.experimental")]
                public int Trial() => 3;

                [RequiresUnreferencedCode("reflects")]
                [RequiresDynamicCode("emits")]
                [TrackEvent("shape.attributes.trimming")]
                public int Reflect<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicMethods | DynamicallyAccessedMemberTypes.PublicFields)] T>(
                    [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] Type type) => type.GetProperties().Length + typeof(T).GetMethods().Length * 0;
            }

            public static class Shape
            {
                // Inside an obsolete member, even an error-level obsolete member may be called.
                [Obsolete("calls Gone")]
                private static int CallGone(Legacy legacy) => legacy.Gone();

            #pragma warning disable CS0618, SHAPE001, IL2026, IL3050
                public static string Run()
                {
                    var legacy = new Legacy();
                    return $"{legacy.Old()} {CallGone(legacy)} {legacy.Trial()} {legacy.Reflect<string>(typeof(Legacy))}";
                }
            #pragma warning restore CS0618, SHAPE001, IL2026, IL3050
            }
            """);

        Assert.Equal("1 2 3 0", program.Run());
        Assert.Equal(1, ShapeProgram.Counter("shape.attributes.obsolete", EventFields.Occurrences));
        Assert.Equal(1, ShapeProgram.Counter("shape.attributes.obsolete.error", EventFields.Occurrences));
        Assert.Equal(1, ShapeProgram.Counter("shape.attributes.experimental", EventFields.Occurrences));
        Assert.Equal(1, ShapeProgram.Counter("shape.attributes.trimming", EventFields.Occurrences));
    }

    [Fact]
    public void Scoped_ref_struct_generics_and_pointers_compile()
    {
        ShapeProgram program = ShapeProgram.Build("""
            using System;
            using Instrumentation;

            public static unsafe class Memory
            {
                [TrackEvent("shape.signature.scoped")]
                public static int Sum(scoped ReadOnlySpan<int> values)
                {
                    int sum = 0;
                    foreach (int value in values) sum += value;
                    return sum;
                }

                [TrackEvent("shape.signature.refstruct")]
                public static int Length<T>(T value) where T : allows ref struct => 1;

                [TrackEvent("shape.signature.pointer")]
                public static int Read(int* pointer) => *pointer;

                [TrackEvent("shape.signature.functionpointer")]
                public static int Apply(delegate*<int, int> function, int value) => function(value);

                public static int Twice(int value) => value * 2;

                [TrackEvent("shape.signature.unscoped")]
                public static Span<int> Whole([System.Diagnostics.CodeAnalysis.UnscopedRef] ref int value) => new Span<int>(ref value);
            }

            public static unsafe class Shape
            {
                public static string Run()
                {
                    Span<int> values = stackalloc int[] { 1, 2, 3 };
                    int local = 9;
                    int whole = 5;
                    return $"{Memory.Sum(values)} {Memory.Length(values)} {Memory.Read(&local)} {Memory.Apply(&Memory.Twice, 4)} {Memory.Whole(ref whole)[0]}";
                }
            }
            """);

        Assert.Equal("6 1 9 8 5", program.Run());
        Assert.Equal(1, ShapeProgram.Counter("shape.signature.scoped", EventFields.Occurrences));
        Assert.Equal(1, ShapeProgram.Counter("shape.signature.refstruct", EventFields.Occurrences));
        Assert.Equal(1, ShapeProgram.Counter("shape.signature.pointer", EventFields.Occurrences));
        Assert.Equal(1, ShapeProgram.Counter("shape.signature.functionpointer", EventFields.Occurrences));
    }
}
