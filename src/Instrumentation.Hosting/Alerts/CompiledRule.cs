using Instrumentation.Snapshots;

namespace Instrumentation.Alerts;

/// <summary>A rule with its settings parsed: what the evaluator runs.</summary>
internal sealed record CompiledRule(AlertRule Rule, SnapshotWindow Window, TimeSpan For, Comparison? Threshold, Trend? Trend, bool Fleet)
{
    /// <summary>The largest <see cref="AlertRule.BaselineWindows"/>: a week of hours.</summary>
    public const int MaxBaselineWindows = 168;

    public string Name => Rule.Name;

    /// <summary>The condition as the snapshot and notifications show it.</summary>
    public string Condition => Threshold?.ToString() ?? Trend!.ToString();

    /// <summary>
    /// Parses every rule; each setting that does not parse adds a message to <paramref name="failures"/> naming the rule and
    /// the setting (<c>Instrumentation:Alerts:0 ('checkout-errors'): Window is …</c>) with what to write instead.
    /// </summary>
    public static IReadOnlyList<CompiledRule> CompileAll(IList<AlertRule> rules, List<string> failures)
    {
        var compiled = new List<CompiledRule>(rules.Count);
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < rules.Count; i++)
        {
            AlertRule rule = rules[i];
            string at = $"{AlertOptions.SectionName}:{i}{(string.IsNullOrWhiteSpace(rule?.Name) ? string.Empty : $" ('{rule.Name}')")}";
            int before = failures.Count;
            void Fail(string message) => failures.Add($"{at}: {message}");
            if (rule is null)
            {
                Fail("the rule is empty.");
                continue;
            }

            if (string.IsNullOrWhiteSpace(rule.Name))
            {
                Fail("Name is missing; give every rule a unique name.");
            }
            else if (!names.Add(rule.Name))
            {
                Fail($"Name '{rule.Name}' is used by an earlier rule; rule names are unique.");
            }

            if (string.IsNullOrWhiteSpace(rule.Metric))
            {
                Fail("Metric is missing; name the metric to watch, as its probe names it (such as 'orders.checkout').");
            }

            foreach (string tag in (rule.Tags ?? []).Where(t => string.IsNullOrEmpty(t.Value)).Select(t => t.Key))
            {
                Fail($"Tags:{tag} is empty; a series never has an empty tag value, so the rule could never match. Remove the tag or give its value.");
            }

            if (!AlertFields.IsKnown(rule.Field ?? string.Empty))
            {
                Fail($"Field is '{rule.Field}'; use one of {string.Join(", ", AlertFields.All)}.");
            }

            if (!SnapshotWindow.TryParse(rule.Window, out SnapshotWindow? window))
            {
                Fail($"Window is '{rule.Window}'; use 1m, 5m or 1h.");
            }

            if (!Durations.TryParse(rule.For, out TimeSpan @for))
            {
                Fail($"For is '{rule.For}'; use a duration such as 0s, 30s, 5m, 1h or 00:05:00.");
            }

            bool fleet = string.Equals(rule.Scope, "fleet", StringComparison.OrdinalIgnoreCase);
            if (!fleet && !string.Equals(rule.Scope, "local", StringComparison.OrdinalIgnoreCase))
            {
                Fail($"Scope is '{rule.Scope}'; use local or fleet.");
            }

            Comparison? threshold = null;
            Trend? trend = null;
            if (rule.Threshold is not null == rule.Trend is not null)
            {
                Fail("set exactly one of Threshold (such as '> 0.05') and Trend (such as 'ratio > 2').");
            }
            else if (rule.Threshold is not null && !Comparison.TryParse(rule.Threshold, out threshold))
            {
                Fail($"Threshold is '{rule.Threshold}'; use >, >=, < or <= and a number, such as '> 0.05'.");
            }
            else if (rule.Trend is not null)
            {
                if (!Trend.TryParse(rule.Trend, rule.BaselineWindows, out trend))
                {
                    Fail($"Trend is '{rule.Trend}'; use ratio or zscore, then >, >=, < or <= and a number, such as 'ratio > 2' or 'zscore > 3'.");
                }

                if (rule.BaselineWindows is < 2 or > MaxBaselineWindows)
                {
                    Fail($"BaselineWindows is {rule.BaselineWindows}; use 2 to {MaxBaselineWindows} (default 12).");
                }

                if (fleet)
                {
                    Fail("Scope is fleet, but a trend's baseline comes from this instance's SQLite history; use a Threshold for a fleet rule, or Scope local.");
                }
            }

            if (failures.Count == before)
            {
                compiled.Add(new CompiledRule(rule, window!.Value, @for, threshold, trend, fleet));
            }
        }

        return compiled;
    }
}
