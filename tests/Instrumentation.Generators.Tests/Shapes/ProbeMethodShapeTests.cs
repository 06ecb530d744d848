using Instrumentation.Probes;
using Microsoft.CodeAnalysis.CSharp;

namespace Instrumentation.Generators.Tests.Shapes;

/// <summary>Probe methods build and count in the places real code puts them.</summary>
public sealed class ProbeMethodShapeTests
{
    [Fact]
    public void Probe_methods_build_under_CSharp_10()
    {
        ShapeProgram program = ShapeProgram.Build(LanguageVersion.CSharp10, """
            using Instrumentation;

            namespace Old
            {
                public static partial class Probes
                {
                    [TrackEvent("shape.csharp10")]
                    public static partial void Happened([Tag("kind")] string kind);
                }
            }

            public static class Shape
            {
                public static string Run()
                {
                    Old.Probes.Happened("a");
                    Old.Probes.Happened("b");
                    return "ran";
                }
            }
            """);

        Assert.Equal("ran", program.Run());
        Assert.Equal(2, ShapeProgram.Counter("shape.csharp10", EventFields.Occurrences));
    }

    [Fact]
    public void Probe_classes_whose_names_differ_in_case_or_only_after_sanitising_each_get_a_file()
    {
        ShapeProgram program = ShapeProgram.Build("""
            using Instrumentation;

            namespace A
            {
                public static partial class Probes { [TrackEvent("shape.case.upper")] public static partial void Seen(); }
                public static partial class probes { [TrackEvent("shape.case.lower")] public static partial void Seen(); }
            }

            namespace N
            {
                public partial class P<T> { [TrackEvent("shape.sanitised.generic")] public static partial void Seen(); }
                public partial class P_T_ { [TrackEvent("shape.sanitised.plain")] public static partial void Seen(); }
            }

            public static class Shape
            {
                public static string Run()
                {
                    A.Probes.Seen();
                    A.probes.Seen();
                    N.P<int>.Seen();
                    N.P_T_.Seen();
                    return "ran";
                }
            }
            """);

        Assert.Equal("ran", program.Run());
        Assert.Equal(1, ShapeProgram.Counter("shape.case.upper", EventFields.Occurrences));
        Assert.Equal(1, ShapeProgram.Counter("shape.case.lower", EventFields.Occurrences));
        Assert.Equal(1, ShapeProgram.Counter("shape.sanitised.generic", EventFields.Occurrences));
        Assert.Equal(1, ShapeProgram.Counter("shape.sanitised.plain", EventFields.Occurrences));
    }
}
