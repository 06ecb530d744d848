using Instrumentation.Probes;

namespace Instrumentation.Generators.Tests.Shapes;

/// <summary>
/// An attribute on a virtual, abstract or interface member counts every call dispatched through it,
/// whatever the static type of the variable; calls that wrapping would change are left alone and reported.
/// </summary>
public sealed class DispatchTests
{
    [Fact]
    public void Calls_through_the_implementing_or_derived_type_count_for_the_tracked_interface_or_base_member()
    {
        ShapeProgram program = ShapeProgram.Build("""
            using Instrumentation;

            public interface IStore
            {
                [TrackEndpoint("shape.dispatch.interface")]
                int Save(int value);
            }

            public class Store : IStore
            {
                public int Save(int value) => value + 1;
            }

            public sealed class AuditedStore : Store { }

            public abstract class Repository
            {
                [TrackEvent("shape.dispatch.abstract")]
                public abstract string Load([Tag("table")] string table);
            }

            public class Orders : Repository
            {
                public override string Load(string name) => name.ToUpperInvariant();
            }

            public static class Shape
            {
                public static string Run()
                {
                    var store = new Store();
                    IStore viaInterface = store;
                    var audited = new AuditedStore();
                    var orders = new Orders();
                    Repository viaBase = orders;
                    return $"{store.Save(1)} {viaInterface.Save(2)} {audited.Save(3)} {orders.Load("a")} {viaBase.Load("b")}";
                }
            }
            """);

        Assert.Equal("2 3 4 A B", program.Run());
        Assert.Equal(3, ShapeProgram.Counter("shape.dispatch.interface", EndpointFields.Calls));
        Assert.Equal(2, ShapeProgram.Counter("shape.dispatch.abstract", EventFields.Occurrences));
        Assert.Equal(2, ProbeRegistry.Shared.Find("shape.dispatch.abstract")!.Series.Count(s => s.Info.Tags.Count == 1));
    }

    [Fact]
    public void An_attribute_on_an_override_counts_calls_through_its_type_and_says_the_rest_are_not()
    {
        ShapeProgram program = ShapeProgram.Build("""
            using Instrumentation;

            public class Repository
            {
                public virtual int Save() => 1;
            }

            public class Orders : Repository
            {
                [TrackEndpoint("shape.dispatch.override")]
                public override int Save() => 2;
            }

            public static class Shape
            {
                public static string Run()
                {
                    var orders = new Orders();
                    Repository viaBase = orders;
                    return $"{orders.Save()} {viaBase.Save()}";
                }
            }
            """, "INSTR018");

        Assert.Equal("2 2", program.Run());
        Assert.Equal(1, ShapeProgram.Counter("shape.dispatch.override", EndpointFields.Calls));
        Assert.Contains(program.GeneratorDiagnostics, d => d.Id == "INSTR018");
    }

    [Fact]
    public void A_struct_called_through_a_constrained_generic_keeps_its_mutation()
    {
        ShapeProgram program = ShapeProgram.Build("""
            using Instrumentation;

            public interface IBump
            {
                [TrackEvent("shape.dispatch.struct")]
                void Bump();
            }

            public struct Counter : IBump
            {
                public int Value;
                public void Bump() => Value++;
            }

            public class Box : IBump
            {
                public int Value;
                public void Bump() => Value++;
            }

            public static class Shape
            {
                static void Bump<T>(ref T target) where T : IBump => target.Bump();

                public static string Run()
                {
                    var counter = new Counter();
                    Bump(ref counter);
                    counter.Bump();
                    IBump boxed = new Box();
                    boxed.Bump();
                    return counter.Value.ToString();
                }
            }
            """, "INSTR017");

        Assert.Equal("2", program.Run());
        Assert.Equal(2, ShapeProgram.Counter("shape.dispatch.struct", EventFields.Occurrences));
        Assert.Single(program.GeneratorDiagnostics, d => d.Id == "INSTR017");
    }

    [Fact]
    public void An_expression_tree_names_the_users_method_and_is_not_intercepted()
    {
        ShapeProgram program = ShapeProgram.Build("""
            using System;
            using System.Linq.Expressions;
            using Instrumentation;

            public class Service
            {
                [TrackEvent("shape.dispatch.tree")]
                public int Handle(int x) => x * 2;
            }

            public static class Shape
            {
                public static string Run()
                {
                    var service = new Service();
                    Expression<Func<int, int>> tree = x => service.Handle(x);
                    var call = (MethodCallExpression)tree.Body;
                    return $"{call.Method.DeclaringType!.Name}.{call.Method.Name} {tree.Compile()(4)} {service.Handle(1)}";
                }
            }
            """, "INSTR017");

        Assert.Equal("Service.Handle 8 2", program.Run());
        Assert.Equal(1, ShapeProgram.Counter("shape.dispatch.tree", EventFields.Occurrences));
    }

    [Fact]
    public void A_structs_own_method_is_intercepted_by_reference_and_copies_only_where_the_original_call_did()
    {
        ShapeProgram program = ShapeProgram.Build("""
            using Instrumentation;

            public struct Counter
            {
                public int N;

                [TrackEvent("shape.struct.bump")]
                public void Bump() => N++;

                [TrackEvent("shape.struct.read")]
                public readonly int Read() => N;
            }

            public struct Box<T>
            {
                public T? Value;

                [TrackEvent("shape.struct.generic")]
                public void Set(T value) => Value = value;
            }

            public ref struct Cursor
            {
                public int Position;

                [TrackEvent("shape.struct.ref")]
                public void Advance() => Position++;
            }

            public static class Holder
            {
                public static Counter Field;
                public static readonly Counter ReadonlyField;
            }

            public static class Shape
            {
                static Counter Make() => new Counter();

                static void ThroughIn(in Counter counter) => counter.Bump();

                public static string Run()
                {
                    var local = new Counter();
                    local.Bump();
                    Holder.Field.Bump();
                    Holder.ReadonlyField.Bump();
                    Make().Bump();
                    ThroughIn(in local);
                    var box = new Box<string>();
                    box.Set("x");
                    var cursor = new Cursor();
                    cursor.Advance();
                    cursor.Advance();
                    return $"{local.N} {Holder.Field.N} {Holder.ReadonlyField.N} {local.Read()} {box.Value} {cursor.Position}";
                }
            }
            """);

        Assert.Equal("1 1 0 1 x 2", program.Run());
        Assert.Equal(5, ShapeProgram.Counter("shape.struct.bump", EventFields.Occurrences));
        Assert.Equal(1, ShapeProgram.Counter("shape.struct.read", EventFields.Occurrences));
        Assert.Equal(1, ShapeProgram.Counter("shape.struct.generic", EventFields.Occurrences));
        Assert.Equal(2, ShapeProgram.Counter("shape.struct.ref", EventFields.Occurrences));
    }
}
