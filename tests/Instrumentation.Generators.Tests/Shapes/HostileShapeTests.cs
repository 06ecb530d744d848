using Instrumentation.Probes;

namespace Instrumentation.Generators.Tests.Shapes;

/// <summary>Shapes a fresh pair of eyes found breaking the build or the program; each was a bug first.</summary>
public sealed class HostileShapeTests
{
    [Fact]
    public void A_dynamic_parameter_is_passed_on_statically_to_the_same_overload()
    {
        ShapeProgram program = ShapeProgram.Build("""
            using Instrumentation;

            public static class Overloads
            {
                [TrackEvent("hostile.dynamic")]
                public static string M(dynamic value) => "dynamic";

                public static string M(int value) => "int";
            }

            public static class Shape
            {
                public static string Run() => Overloads.M((object)5);
            }
            """);

        Assert.Equal("dynamic", program.Run());
        Assert.Equal(1, ShapeProgram.Counter("hostile.dynamic", EventFields.Occurrences));
    }

    [Fact]
    public void A_finally_that_throws_while_unwinding_still_counts_one_call_and_one_failure()
    {
        ShapeProgram program = ShapeProgram.Build("""
            using System;
            using Instrumentation;

            public static class Service
            {
                [TrackEndpoint("hostile.finally")]
                public static void Fail()
                {
                    try
                    {
                        throw new InvalidOperationException("first");
                    }
                    finally
                    {
                        throw new ArgumentException("second");
                    }
                }
            }

            public static class Shape
            {
                public static string Run()
                {
                    try
                    {
                        Service.Fail();
                        return "returned";
                    }
                    catch (ArgumentException exception)
                    {
                        return exception.Message;
                    }
                }
            }
            """);

        Assert.Equal("second", program.Run());
        Assert.Equal(1, ShapeProgram.Counter("hostile.finally", EndpointFields.Calls));
        Assert.Equal(1, ShapeProgram.Counter("hostile.finally", EndpointFields.Failures));
    }

    [Fact]
    public void Obsolete_and_experimental_types_in_a_signature_warn_only_where_the_user_wrote_them()
    {
        ShapeProgram program = ShapeProgram.Build("""
            using System;
            using System.Diagnostics.CodeAnalysis;
            using Instrumentation;

            [Obsolete("old type")] public class OldType { }
            [Experimental("HOSTILE001")] public class TrialType { }

            [Obsolete("old class")]
            public class OldService
            {
                [TrackEvent("hostile.obsolete.class")]
                public static int M() => 1;
            }

            public static class Service
            {
            #pragma warning disable CS0618, HOSTILE001
                [TrackEvent("hostile.obsolete.parameter")]
                public static int UsesOld(OldType? value) => 2;

                [TrackEvent("hostile.experimental.parameter")]
                public static int UsesTrial(TrialType? value) => 3;
            #pragma warning restore CS0618, HOSTILE001
            }

            public static class Shape
            {
            #pragma warning disable CS0618, HOSTILE001
                public static string Run() => $"{OldService.M()} {Service.UsesOld(null)} {Service.UsesTrial(null)}";
            #pragma warning restore CS0618, HOSTILE001
            }
            """);

        Assert.Equal("1 2 3", program.Run());
        Assert.Equal(1, ShapeProgram.Counter("hostile.obsolete.class", EventFields.Occurrences));
        Assert.Equal(1, ShapeProgram.Counter("hostile.experimental.parameter", EventFields.Occurrences));
    }

    [Fact]
    public void Parameters_named_like_generated_fields_and_runtime_types_compile()
    {
        ShapeProgram program = ShapeProgram.Build("""
            using System.Threading.Tasks;
            using Instrumentation;

            public static class Shop
            {
                [TrackEvent("hostile.names.probe")]
                public static int Ping(int Probe0) => Probe0;

                [TrackEndpoint("hostile.names.pending")]
                public static Task<int> Load(string PendingCall) => Task.FromResult(PendingCall.Length);

                [TrackTokenIssue("hostile.names.counted")]
                public static Task Issue(string CountedAs) => Task.CompletedTask;

                [TrackEvent("hostile.names.key")]
                public static int Key([Tag("kind")] string SeriesKey) => SeriesKey.Length;
            }

            public static class Shape
            {
                public static string Run()
                {
                    Shop.Issue("x").GetAwaiter().GetResult();
                    return $"{Shop.Ping(4)} {Shop.Load("ab").Result} {Shop.Key("abc")}";
                }
            }
            """);

        Assert.Equal("4 2 3", program.Run());
        Assert.Equal(1, ShapeProgram.Counter("hostile.names.probe", EventFields.Occurrences));
        Assert.Equal(1, ShapeProgram.Counter("hostile.names.counted", TokenFields.Issued));
        Assert.Equal(1, ShapeProgram.Counter("hostile.names.key", EventFields.Occurrences));
    }

    [Fact]
    public void Probe_classes_whose_names_sanitise_alike_build_under_CSharp_10()
    {
        ShapeProgram program = ShapeProgram.Build(Microsoft.CodeAnalysis.CSharp.LanguageVersion.CSharp10, """
            using Instrumentation;

            namespace T7 { public static partial class P { [TrackEvent("hostile.holder.nested")] public static partial void E(); } }
            public static partial class T7_P { [TrackEvent("hostile.holder.flat")] public static partial void E(); }

            public static class Shape
            {
                public static string Run()
                {
                    T7.P.E();
                    T7_P.E();
                    return "ran";
                }
            }
            """);

        Assert.Equal("ran", program.Run());
        Assert.Equal(1, ShapeProgram.Counter("hostile.holder.nested", EventFields.Occurrences));
        Assert.Equal(1, ShapeProgram.Counter("hostile.holder.flat", EventFields.Occurrences));
    }

    [Fact]
    public void An_exception_through_an_interceptor_shows_no_generated_frame()
    {
        ShapeProgram program = ShapeProgram.Build("""
            using System;
            using Instrumentation;

            public static class Service
            {
                [TrackEndpoint("hostile.stack")]
                public static void Fail() => throw new InvalidOperationException("no");
            }

            public static class Shape
            {
                public static string Run()
                {
                    try
                    {
                        Service.Fail();
                        return "returned";
                    }
                    catch (InvalidOperationException exception)
                    {
                        return exception.StackTrace!.Contains("Instrumentation.Generated", StringComparison.Ordinal) ? "generated frame shown" : "clean";
                    }
                }
            }
            """);

        Assert.Equal("clean", program.Run());
    }

    [Fact]
    public void A_call_that_recovers_inside_its_own_finally_counts_as_one_successful_call()
    {
        ShapeProgram program = ShapeProgram.Build("""
            using System;
            using Instrumentation;

            public static class Service
            {
                static void Fail() => throw new InvalidOperationException("B");

                [TrackEndpoint("hostile.recover")]
                public static int Recover()
                {
                    try
                    {
                        try
                        {
                            throw new ArgumentException("A");
                        }
                        finally
                        {
                            Fail();
                        }
                    }
                    catch (InvalidOperationException)
                    {
                        return 42;
                    }
                }
            }

            public static class Shape
            {
                public static string Run()
                {
                    try
                    {
                        return "returned " + Service.Recover();
                    }
                    catch (ArgumentException)
                    {
                        return "caught A";
                    }
                }
            }
            """);

        Assert.Equal("returned 42", program.Run());
        Assert.Equal(1, ShapeProgram.Counter("hostile.recover", EndpointFields.Calls));
        Assert.Equal(0, ShapeProgram.Counter("hostile.recover", EndpointFields.Failures));
    }
}
