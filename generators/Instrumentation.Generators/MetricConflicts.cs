using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;

namespace Instrumentation.Generators
{
    /// <summary>
    /// Finds metric names that two methods use with different meanings (kind family, tags, timing or
    /// token lifetime) — the runtime would refuse the second registration at start-up.
    /// </summary>
    internal static class MetricConflicts
    {
        public static IEnumerable<DiagnosticInfo> Find(ImmutableArray<ProbeMethodSpec> methods)
        {
            foreach (IGrouping<string, ProbeMethodSpec> group in methods.GroupBy(m => m.MetricName))
            {
                List<ProbeMethodSpec> ordered = group.OrderBy(m => m.Location?.FilePath).ThenBy(m => m.Location?.Span.Start).ToList();
                ProbeMethodSpec first = ordered[0];
                int? lifetime = ordered.Where(m => m.Kind == TrackKind.TokenIssue).Select(m => (int?)m.LifetimeSeconds).FirstOrDefault();
                foreach (ProbeMethodSpec other in ordered.Skip(1))
                {
                    bool sameShape = other.Family == first.Family
                        && other.Timed == first.Timed
                        && other.Tags.Select(Identity).SequenceEqual(first.Tags.Select(Identity))
                        && (other.Kind != TrackKind.TokenIssue || other.LifetimeSeconds == lifetime);
                    if (!sameShape)
                    {
                        yield return new DiagnosticInfo(
                            DiagnosticDescriptors.MetricNameConflict,
                            other.Location,
                            new EquatableArray<string>(new[] { group.Key, first.MethodName, first.Shape, other.MethodName, other.Shape }));
                    }
                }
            }
        }

        private static string Identity(TagSpec tag) =>
            $"{tag.Name}:{tag.Kind}:{tag.EnumType}:{string.Join("|", tag.EnumMembers)}";
    }
}
