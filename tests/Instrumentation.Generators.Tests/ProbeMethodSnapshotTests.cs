using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace Instrumentation.Generators.Tests;

/// <summary>The generated source of probe methods, one test per signal kind, kept as verified snapshots.</summary>
public sealed class ProbeMethodSnapshotTests
{
    [Fact]
    public void Token_issue_and_revoke_share_one_probe_with_a_text_tag()
    {
        VerifyGenerated("""
            using Instrumentation;
            namespace Shop.Auth;

            public static partial class TokenProbes
            {
                [TrackTokenIssue("auth.tokens", LifetimeSeconds = 900)]
                public static partial void Issued([Tag("audience")] string clientAudience);

                [TrackTokenRevoke("auth.tokens")]
                public static partial void Revoked([Tag("audience")] string clientAudience);
            }
            """);
    }

    [Fact]
    public void Endpoint_scope_with_enum_and_bool_tags_indexes_series_without_hashing()
    {
        VerifyGenerated("""
            using Instrumentation;
            namespace Shop;

            public enum Region { Europe, Americas, Asia, Default = Europe }

            internal static partial class Probes
            {
                [TrackEndpoint("orders.checkout", CardinalityLimit = 50)]
                internal static partial TrackingScope Checkout(Region region, bool express);
            }
            """);
    }

    [Fact]
    public void An_enum_with_gaps_or_a_long_base_is_mapped_by_a_switch()
    {
        VerifyGenerated("""
            using Instrumentation;
            namespace Shop;

            public enum Priority { Low = 1, High = 10 }
            public enum Wide : long { Zero, One }

            public static partial class Probes
            {
                [TrackEvent("tickets")]
                public static partial void Opened(Priority priority, Wide width);
            }
            """);
    }

    [Fact]
    public void Cache_lookup_takes_its_outcome_from_hit_and_eviction_counts_without_tags()
    {
        VerifyGenerated("""
            using Instrumentation;
            namespace Shop;

            static partial class CacheProbes
            {
                [TrackCacheLookup("catalog.cache")]
                static partial void Lookup(bool hit, int shard);

                [TrackCacheEviction("catalog.cache")]
                private static partial void Evicted(int shard);
            }
            """);
    }

    [Fact]
    public void Events_count_by_mixed_tags_and_a_timed_event_returns_a_scope()
    {
        VerifyGenerated("""
            using Instrumentation;
            namespace Docs;

            public enum Aspect { Read, Write }

            public static partial class EditorProbes
            {
                [TrackEvent("documents.edits")]
                public static partial void Edited(Aspect aspect, string tenant, [Tag("documentSize")] long documentSize);

                [TrackEvent("documents.render")]
                public static partial TrackingScope Rendering();
            }
            """);
    }

    [Fact]
    public void Gauges_are_observed_methods_or_delta_probe_methods()
    {
        VerifyGenerated("""
            using Instrumentation;
            namespace Chat;

            public static partial class Presence
            {
                internal static int Queued = 3;

                [TrackGauge("chat.queue.length")]
                internal static int QueueLength() => Queued;

                [TrackGauge("chat.presence")]
                public static partial void Changed(long delta, string room);
            }
            """);
    }

    [Fact]
    public void Nested_generic_types_in_the_global_namespace_and_keyword_names_are_kept()
    {
        VerifyGenerated("""
            using Instrumentation;

            public partial class Outer<T>
            {
                public static partial class Inner
                {
                    [TrackEvent]
                    public static partial void @event(string @class);
                }
            }
            """);
    }

    [Fact]
    public void A_value_parameter_adds_its_amount_with_the_occurrence_or_when_a_timed_scope_starts()
    {
        VerifyGenerated("""
            using Instrumentation;
            namespace Storage;

            public enum FileKind { Image, Video }

            public static partial class UploadProbes
            {
                [TrackEvent("storage.uploads")]
                public static partial void Uploaded(FileKind kind, [Value] long bytes);

                [TrackEvent("storage.copies")]
                public static partial TrackingScope Copying([Tag("bucket")] string bucket, [Value] int files);
            }
            """);
    }

    [Fact]
    public void Usage_values_bind_to_fields_by_name_priced_unless_a_cost_is_passed_and_a_timed_call_returns_a_scope()
    {
        VerifyGenerated("""
            using Instrumentation;
            namespace Assistant;

            public static partial class LlmProbes
            {
                [TrackUsage("llm")]
                public static partial void Completed([Tag("model")] string model, [Tag("provider")] string provider, [Value] long inputTokens, [Value] int outputTokens, bool failed);

                [TrackUsage("llm.billed")]
                internal static partial void Billed([Tag("model")] string model, [Value] long outputTokens, [Value] long costMicros);

                [TrackUsage("llm.timed")]
                public static partial UsageScope Calling([Tag("model")] string model, [Value] long inputTokens);
            }
            """);
    }

    private static void VerifyGenerated(string source, [CallerMemberName] string test = "")
    {
        (GeneratorDriverRunResult result, var outputDiagnostics) = GeneratorHarness.Run(source);

        Assert.Empty(result.Diagnostics);
        Assert.Empty(outputDiagnostics);
        Assert.NotEmpty(result.GeneratedTrees);
        foreach (SyntaxTree tree in result.GeneratedTrees)
        {
            SnapshotFile.Verify($"{nameof(ProbeMethodSnapshotTests)}.{test}#{Path.GetFileName(tree.FilePath)}", tree.GetText().ToString());
        }
    }
}
