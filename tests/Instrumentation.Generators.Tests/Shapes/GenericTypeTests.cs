using Instrumentation.Probes;

namespace Instrumentation.Generators.Tests.Shapes;

/// <summary>Members of generic types are intercepted by one generic interceptor, called open or closed.</summary>
public sealed class GenericTypeTests
{
    [Fact]
    public void Members_of_generic_types_are_counted_whether_called_open_or_closed()
    {
        ShapeProgram program = ShapeProgram.Build("""
            using System.Collections.Generic;
            using System.Threading.Tasks;
            using Instrumentation;

            public class Box<T>
            {
                private readonly List<T> _items = new();

                [TrackEvent("shape.generic.add")]
                public void Add(T item) => _items.Add(item);

                [TrackCacheLookup("shape.generic.find")]
                public bool TryFind(int index, out T? item)
                {
                    item = index < _items.Count ? _items[index] : default;
                    return index < _items.Count;
                }

                [TrackEndpoint("shape.generic.convert")]
                public TOut Convert<TOut>(System.Func<T, TOut> map) where TOut : notnull => map(_items[0]);

                [TrackEvent("shape.generic.create")]
                public static Box<T> Create() => new();

                public class Inner<U> where U : struct
                {
                    [TrackEndpoint("shape.generic.nested")]
                    public async Task<(T?, U)> PairAsync(T? first, U second, Task ready)
                    {
                        await ready;
                        return (first, second);
                    }
                }
            }

            public interface IRepository<TEntity> where TEntity : class
            {
                [TrackEvent("shape.generic.interface")]
                int Save([Tag("table")] string table, TEntity entity);
            }

            public class Repository<TEntity> : IRepository<TEntity> where TEntity : class
            {
                public int Save(string table, TEntity entity) => table.Length;
            }

            public static class Shape
            {
                static int AddOpen<T>(Box<T> box, T item)
                {
                    box.Add(item);
                    return box.TryFind(0, out _) ? 1 : 0;
                }

                public static string Run()
                {
                    Box<string> box = Box<string>.Create();
                    box.Add("a");
                    int found = AddOpen(box, "b");
                    bool missing = box.TryFind(5, out string? none);
                    int length = box.Convert(s => s.Length);
                    // Pending when intercepted, completed on this thread: a thread blocked on a task that completes on
                    // another thread can resume a moment before the interceptor's continuation records the call.
                    var ready = new TaskCompletionSource();
                    Task<(string?, int)> pending = new Box<string>.Inner<int>().PairAsync("x", 2, ready.Task);
                    ready.SetResult();
                    var pair = pending.GetAwaiter().GetResult();
                    int saved = new Repository<string>().Save("orders", "o");
                    return $"{found} {missing} {none ?? "null"} {length} {pair.Item1}{pair.Item2} {saved}";
                }
            }
            """);

        Assert.Equal("1 False null 1 x2 6", program.Run());
        Assert.Equal(2, ShapeProgram.Counter("shape.generic.add", EventFields.Occurrences));
        Assert.Equal(1, ShapeProgram.Counter("shape.generic.find", CacheFields.Hits));
        Assert.Equal(1, ShapeProgram.Counter("shape.generic.find", CacheFields.Misses));
        Assert.Equal(1, ShapeProgram.Counter("shape.generic.convert", EndpointFields.Calls));
        Assert.Equal(1, ShapeProgram.Counter("shape.generic.create", EventFields.Occurrences));
        Assert.Equal(1, ShapeProgram.Counter("shape.generic.nested", EndpointFields.Calls));
        Assert.Equal(1, ShapeProgram.Counter("shape.generic.interface", EventFields.Occurrences));
    }
}
