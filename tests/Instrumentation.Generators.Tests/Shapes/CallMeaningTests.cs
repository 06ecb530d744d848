using Instrumentation.Probes;

namespace Instrumentation.Generators.Tests.Shapes;

/// <summary>
/// An intercepted call means exactly what it meant without the attribute: the same task object, status
/// and exceptions, a ValueTask consumed once, the same order of exception filters and finally blocks.
/// Each program is built with every warning an error, run, and its counts read exactly.
/// </summary>
public sealed class CallMeaningTests
{
    [Fact]
    public void A_pending_task_is_handed_back_as_it_is_with_every_exception_and_its_status()
    {
        ShapeProgram program = ShapeProgram.Build("""
            using System;
            using System.Threading.Tasks;
            using Instrumentation;

            public class Work
            {
                public static Task? Made;

                [TrackEndpoint("shape.pending.all")]
                public Task All(Task first, Task second) => Made = Task.WhenAll(first, second);

                [TrackEvent("shape.pending.counted")]
                public Task<int> Counted(Task<int> inner) => inner;
            }

            public static class Shape
            {
                public static string Run()
                {
                    var work = new Work();
                    var a = new TaskCompletionSource();
                    var b = new TaskCompletionSource();
                    Task faulted = work.All(a.Task, b.Task);
                    bool same = ReferenceEquals(faulted, Work.Made);
                    a.SetException(new InvalidOperationException("one"));
                    b.SetException(new ArgumentException("two"));

                    var c = new TaskCompletionSource();
                    Task canceled = work.All(c.Task, Task.CompletedTask);
                    c.SetCanceled();

                    var d = new TaskCompletionSource<int>();
                    Task<int> counted = work.Counted(d.Task);
                    bool sameCounted = ReferenceEquals(counted, d.Task);
                    d.SetResult(7);
                    Task<int> failed = work.Counted(Task.FromException<int>(new InvalidOperationException()));

                    return $"{same} {faulted.Status} {faulted.Exception!.InnerExceptions.Count} {canceled.Status} {sameCounted} {counted.Result} {failed.Status}";
                }
            }
            """);

        Assert.Equal("True Faulted 2 Canceled True 7 Faulted", program.Run());
        Assert.Equal(2, ShapeProgram.Counter("shape.pending.all", EndpointFields.Calls));
        Assert.Equal(2, ShapeProgram.Counter("shape.pending.all", EndpointFields.Failures));
        Assert.Equal(1, ShapeProgram.Counter("shape.pending.counted", EventFields.Occurrences));
    }

    [Fact]
    public void A_value_task_from_a_value_task_source_is_consumed_once()
    {
        ShapeProgram program = ShapeProgram.Build("""
            using System;
            using System.Threading.Tasks;
            using System.Threading.Tasks.Sources;
            using Instrumentation;

            /// A source that, like a socket's or a channel's, may be read only once.
            public sealed class OneShot<T> : IValueTaskSource<T>
            {
                private ManualResetValueTaskSourceCore<T> _core;
                private int _reads;

                public ValueTask<T> Task => new(this, _core.Version);
                public void Set(T value) => _core.SetResult(value);
                public T GetResult(short token) => ++_reads > 1 ? throw new InvalidOperationException("read twice") : _core.GetResult(token);
                public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);
                public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
                    _core.OnCompleted(continuation, state, token, flags);
            }

            public class Cache
            {
                [TrackCacheLookup("shape.vts.lookup")]
                public ValueTask<string?> Find(OneShot<string?> source) => source.Task;

                [TrackCacheLookup("shape.vts.try")]
                public ValueTask<bool> Has(OneShot<bool> source) => source.Task;

                [TrackEndpoint("shape.vts.timed")]
                public ValueTask<int> Load(OneShot<int> source) => source.Task;
            }

            public static class Shape
            {
                public static string Run()
                {
                    var cache = new Cache();
                    var done = new OneShot<string?>();
                    done.Set("x");
                    string? first = cache.Find(done).GetAwaiter().GetResult();

                    var later = new OneShot<string?>();
                    ValueTask<string?> pending = cache.Find(later);
                    later.Set(null);
                    string? second = pending.GetAwaiter().GetResult();

                    var yes = new OneShot<bool>();
                    yes.Set(true);
                    bool has = cache.Has(yes).GetAwaiter().GetResult();

                    var load = new OneShot<int>();
                    ValueTask<int> loading = cache.Load(load);
                    load.Set(5);
                    var loaded = new OneShot<int>();
                    loaded.Set(6);
                    return $"{first} {second ?? "null"} {has} {loading.GetAwaiter().GetResult()} {cache.Load(loaded).GetAwaiter().GetResult()}";
                }
            }
            """);

        Assert.Equal("x null True 5 6", program.Run());
        Assert.Equal(1, ShapeProgram.Counter("shape.vts.lookup", CacheFields.Hits));
        Assert.Equal(1, ShapeProgram.Counter("shape.vts.lookup", CacheFields.Misses));
        Assert.Equal(1, ShapeProgram.Counter("shape.vts.try", CacheFields.Hits));
        Assert.Equal(2, ShapeProgram.Counter("shape.vts.timed", EndpointFields.Calls));
    }

    [Fact]
    public void The_callers_exception_filter_still_runs_before_the_callees_finally()
    {
        ShapeProgram program = ShapeProgram.Build("""
            using System;
            using System.Collections.Generic;
            using Instrumentation;

            public class Service
            {
                public static readonly List<string> Log = new();

                [TrackEndpoint("shape.filters")]
                public void Fail()
                {
                    try
                    {
                        throw new InvalidOperationException("failed");
                    }
                    finally
                    {
                        Log.Add("finally");
                    }
                }
            }

            public static class Shape
            {
                public static string Run()
                {
                    try
                    {
                        new Service().Fail();
                    }
                    catch (InvalidOperationException) when (Seen("filter"))
                    {
                        Service.Log.Add("catch");
                    }

                    return string.Join(",", Service.Log);
                }

                private static bool Seen(string what)
                {
                    Service.Log.Add(what);
                    return true;
                }
            }
            """);

        Assert.Equal("filter,finally,catch", program.Run());
        Assert.Equal(1, ShapeProgram.Counter("shape.filters", EndpointFields.Failures));
    }

    [Fact]
    public void Parameters_named_like_generated_locals_compile_and_count()
    {
        ShapeProgram program = ShapeProgram.Build("""
            using Instrumentation;

            public class Service
            {
                [TrackEndpoint("shape.names.endpoint")]
                public int Sum([Tag("kind")] string __series, int __start, int __result, int @this, int __key, int __choice, int __this) =>
                    __start + __result + @this + __key + __choice + __this;

                [TrackCacheLookup("shape.names.lookup")]
                public bool TryFind([Tag("region")] bool __choice, string __key, out int __result)
                {
                    __result = __key.Length;
                    return __choice;
                }
            }

            public static partial class Probes
            {
                [TrackEvent("shape.names.probe")]
                public static partial void Seen([Tag("key")] string __key, [Tag("flag")] bool __choice);
            }

            public static class Shape
            {
                public static string Run()
                {
                    var service = new Service();
                    int sum = service.Sum("a", 1, 2, 3, 4, 5, 6);
                    bool found = service.TryFind(true, "abc", out int length);
                    Probes.Seen("k", true);
                    return $"{sum} {found} {length}";
                }
            }
            """);

        Assert.Equal("21 True 3", program.Run());
        Assert.Equal(1, ShapeProgram.Counter("shape.names.endpoint", EndpointFields.Calls));
        Assert.Equal(1, ShapeProgram.Counter("shape.names.lookup", CacheFields.Hits));
        Assert.Equal(1, ShapeProgram.Counter("shape.names.probe", EventFields.Occurrences));
    }

    [Fact]
    public void A_null_task_is_returned_as_null()
    {
        ShapeProgram program = ShapeProgram.Build("""
            using System.Threading.Tasks;
            using Instrumentation;

            public class Service
            {
                [TrackEndpoint("shape.null.task")]
                public Task? Maybe() => null;

                [TrackTokenIssue("shape.null.token")]
                public Task<string>? Issue() => null;
            }

            public static class Shape
            {
                public static string Run()
                {
                    var service = new Service();
                    return $"{service.Maybe() is null} {service.Issue() is null}";
                }
            }
            """);

        Assert.Equal("True True", program.Run());
        Assert.Equal(1, ShapeProgram.Counter("shape.null.task", EndpointFields.Calls));
    }

    [Fact]
    public void Every_probe_of_a_calling_file_is_registered_before_its_first_call()
    {
        ShapeProgram program = ShapeProgram.Build("""
            using Instrumentation;

            public class Service
            {
                [TrackEndpoint("shape.registered.first")]
                public void First() { }

                [TrackEvent("shape.registered.second")]
                public void Second([Tag("kind")] string kind) { }
            }

            public static class Shape
            {
                public static bool Call;

                public static string Run()
                {
                    if (Call)
                    {
                        new Service().First();
                        new Service().Second("a");
                    }

                    return "ran";
                }
            }
            """);

        Assert.Equal("ran", program.Run());
        Assert.NotNull(ProbeRegistry.Shared.Find("shape.registered.first"));
        Assert.NotNull(ProbeRegistry.Shared.Find("shape.registered.second"));
        Assert.Equal(0, ShapeProgram.Counter("shape.registered.first", EndpointFields.Calls));
    }
}
