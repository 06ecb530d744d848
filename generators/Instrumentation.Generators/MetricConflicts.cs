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
        public static IEnumerable<DiagnosticInfo> Find(ImmutableArray<TrackedProbe> probes)
        {
            foreach (IGrouping<string, TrackedProbe> group in probes.GroupBy(p => p.Probe.MetricName))
            {
                List<TrackedProbe> ordered = group.OrderBy(p => p.Location?.FilePath).ThenBy(p => p.Location?.Span.Start).ToList();
                ProbeShape first = ordered[0].Probe;
                int? lifetime = ordered.Where(p => p.Probe.Kind == TrackKind.TokenIssue).Select(p => (int?)p.Probe.LifetimeSeconds).FirstOrDefault();
                foreach (TrackedProbe other in ordered.Skip(1))
                {
                    ProbeShape shape = other.Probe;
                    bool same = shape.Family == first.Family
                        && shape.Timed == first.Timed
                        && shape.SumsValues == first.SumsValues
                        && shape.Tags.Select(Identity).SequenceEqual(first.Tags.Select(Identity))
                        && (shape.Kind != TrackKind.TokenIssue || shape.LifetimeSeconds == lifetime);
                    if (!same)
                    {
                        yield return new DiagnosticInfo(
                            DiagnosticDescriptors.MetricNameConflict,
                            other.Location,
                            new EquatableArray<string>(new[] { group.Key, ordered[0].MethodName, first.Description, other.MethodName, shape.Description }));
                    }
                }
            }
        }

        private static string Identity(TagSpec tag) =>
            $"{tag.Name}:{tag.Kind}:{tag.EnumType}:{string.Join("|", tag.EnumMembers)}";
    }
}
