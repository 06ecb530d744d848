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
    public void Usage_probe_methods_count_tokens_priced_by_model_explicit_costs_failures_and_timed_scopes()
    {
        ShapeProgram program = ShapeProgram.Build("""
            using Instrumentation;

            public static partial class Llm
            {
                [TrackUsage("shape.usage")]
                public static partial void Completed([Tag("model")] string model, [Tag("provider")] string provider, [Value] long inputTokens, [Value] int outputTokens, bool failed);

                [TrackUsage("shape.usage.billed")]
                public static partial void Billed([Tag("model")] string model, [Value] long outputTokens, [Value] long costMicros);

                [TrackUsage("shape.usage.timed")]
                public static partial UsageScope Calling([Tag("model")] string model, [Value] long inputTokens);
            }

            public static class Shape
            {
                public static string Run()
                {
                    for (int i = 0; i < 10; i++)
                    {
                        Llm.Completed("gpt-4o", "openai", 1_000, 100, failed: i == 0);
                        Llm.Completed("local", "ollama", 50, 5, failed: false);
                        Llm.Billed("gpt-4o", 7, costMicros: 3);
                    }

                    using (UsageScope scope = Llm.Calling("gpt-4o", inputTokens: 200))
                    {
                        scope.AddTokens(inputTokens: 0, outputTokens: 20);
                        scope.Fail();
                    }

                    using (UsageScope scope = Llm.Calling("gpt-4o", inputTokens: 0))
                    {
                        scope.AddTokens(inputTokens: 1, outputTokens: 1, costMicros: 1_000);
                    }

                    return "ran";
                }
            }
            """);
        UsagePriceTable before = ProbeRegistry.Shared.UsagePrices;
        ProbeRegistry.Shared.UsagePrices = UsagePriceTable.From([new("gpt-4o", new UsagePrice { InputPerMillion = 2.5m, OutputPerMillion = 10m })]);
        try
        {
            Assert.Equal("ran", program.Run());
        }
        finally
        {
            ProbeRegistry.Shared.UsagePrices = before;
        }

        // gpt-4o: 10 × (1,000 × 2.5 + 100 × 10) = 35,000 millionths; local has no price: 10 unpriced calls.
        Assert.Equal(
            (20L, 1L, 10_500L, 1_050L, 35_000L, 10L),
            (ShapeProgram.Counter("shape.usage", UsageFields.Calls), ShapeProgram.Counter("shape.usage", UsageFields.Failures), ShapeProgram.Counter("shape.usage", UsageFields.InputTokens),
             ShapeProgram.Counter("shape.usage", UsageFields.OutputTokens), ShapeProgram.Counter("shape.usage", UsageFields.CostMicros), ShapeProgram.Counter("shape.usage", UsageFields.Unpriced)));
        Assert.Equal((10L, 70L, 30L, 0L), (ShapeProgram.Counter("shape.usage.billed", UsageFields.Calls), ShapeProgram.Counter("shape.usage.billed", UsageFields.OutputTokens), ShapeProgram.Counter("shape.usage.billed", UsageFields.CostMicros), ShapeProgram.Counter("shape.usage.billed", UsageFields.Unpriced)));

        // Timed: 200 × 2.5 + 20 × 10 = 700 priced, plus 1,000 passed; two calls, one failed, both timed.
        UsageProbe timed = Assert.IsType<UsageProbe>(ProbeRegistry.Shared.Find("shape.usage.timed"));
        Assert.True(timed.Definition.Timed);
        Assert.Equal(
            (2L, 1L, 201L, 21L, 1_700L),
            (ShapeProgram.Counter("shape.usage.timed", UsageFields.Calls), ShapeProgram.Counter("shape.usage.timed", UsageFields.Failures), ShapeProgram.Counter("shape.usage.timed", UsageFields.InputTokens),
             ShapeProgram.Counter("shape.usage.timed", UsageFields.OutputTokens), ShapeProgram.Counter("shape.usage.timed", UsageFields.CostMicros)));
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
