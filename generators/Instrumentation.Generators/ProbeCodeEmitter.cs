using System.Globalization;
using System.Linq;

namespace Instrumentation.Generators
{
    /// <summary>The code both forms share: a probe's registration field and the statements that find a series.</summary>
    internal static class ProbeCodeEmitter
    {
        /// <summary>How code outside a <c>using Instrumentation.Probes</c> names the probe types.</summary>
        public const string Qualified = "global::Instrumentation.Probes.";

        /// <summary>
        /// Writes the static readonly field a probe is reached by: for a probe without tags its one series, else
        /// the probe. Arguments that keep the registry's defaults are left out, so a field is one short line.
        /// </summary>
        public static void EmitFields(CodeWriter code, ProbeShape probe, string field, string modifier, string probes, bool collectionExpressions)
        {
            var arguments = new System.Collections.Generic.List<string> { Literal(probe.MetricName) };
            if (probe.Tags.Count > 0)
            {
                string definitions = string.Join(", ", probe.Tags.Select(t => TagDefinition(t, probes)));
                arguments.Add(collectionExpressions ? $"[{definitions}]" : $"new {probes}TagDefinition[] {{ {definitions} }}");
            }

            if (probe.Kind == TrackKind.TokenIssue)
            {
                arguments.Add($"lifetime: global::System.TimeSpan.FromSeconds({Int(probe.LifetimeSeconds)})");
            }

            if (probe.Kind is TrackKind.Event or TrackKind.Usage && probe.Timed)
            {
                arguments.Add("timed: true");
            }

            if (probe.SumsValues)
            {
                arguments.Add("sumsValues: true");
            }

            if (probe.CardinalityLimit != 0)
            {
                arguments.Add($"cardinalityLimit: {Int(probe.CardinalityLimit)}");
            }

            string method = probe.Family switch
            {
                "endpoint" => "GetOrAddEndpoint",
                "token" => "GetOrAddToken",
                "cache" => "GetOrAddCache",
                "event" => "GetOrAddEvent",
                "usage" => "GetOrAddUsage",
                _ => "GetOrAddGauge",
            };
            string registration = $"{probes}ProbeRegistry.Shared.{method}({string.Join(", ", arguments)})";
            code.Line(probe.Tags.Count == 0
                ? $"{modifier} static readonly {probes}{SeriesType(probe)} {field} = {registration}.Default;"
                : $"{modifier} static readonly {probes}{ProbeType(probe)} {field} = {registration};");
        }

        /// <summary>Writes the statements that find the series and returns the expression for it.</summary>
        public static string SelectSeries(CodeWriter code, ProbeShape probe, string field, string localPrefix, string probes)
        {
            if (probe.Tags.Count == 0)
            {
                return field;
            }

            var choices = probe.Tags.Where(t => t.IsChoice).ToList();
            string choiceIndex = "0";
            if (choices.Count > 0)
            {
                choiceIndex = localPrefix + "choice";
                code.Line($"int {choiceIndex} = {ChoiceOf(choices[0])};");
                foreach (TagSpec tag in choices.Skip(1))
                {
                    code.Line($"{choiceIndex} = ({choiceIndex} * {Int(tag.ChoiceCount)}) + {ChoiceOf(tag)};");
                }
            }

            var keyed = probe.Tags.Where(t => !t.IsChoice).ToList();
            if (keyed.Count == 0)
            {
                return $"{field}.GetSeries({choiceIndex})";
            }

            string key = localPrefix + "key";
            code.Line($"var {key} = new {probes}SeriesKey({choiceIndex});");
            foreach (TagSpec tag in keyed)
            {
                code.Line(tag.Kind == TagValueKind.Text ? $"{key}.Add({tag.Parameter});" : $"{key}.Add((long){tag.Parameter});");
            }

            return $"{field}.GetSeries(in {key})";
        }

        public static string SeriesType(ProbeShape probe) => ProbeType(probe).Replace("Probe", "Series");

        public static string Literal(string text) => Microsoft.CodeAnalysis.CSharp.SymbolDisplay.FormatLiteral(text, quote: true);

        public static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

        private static string ProbeType(ProbeShape probe) => probe.Family switch
        {
            "endpoint" => "EndpointProbe",
            "token" => "TokenProbe",
            "cache" => "CacheProbe",
            "event" => "EventProbe",
            "usage" => "UsageProbe",
            _ => "GaugeProbe",
        };

        private static string ChoiceOf(TagSpec tag)
        {
            if (tag.Kind == TagValueKind.Bool)
            {
                return $"({tag.Parameter} ? 1 : 0)";
            }

            // An enum whose values are 0, 1, … is its own index: one unsigned compare sends undefined values
            // to the last choice, with no branch per member for the predictor to learn.
            if (tag.EnumIsIndex)
            {
                return $"((uint){tag.Parameter} < {Int(tag.EnumMembers.Count)}u ? (int){tag.Parameter} : {Int(tag.EnumMembers.Count)})";
            }

            var arms = tag.EnumMembers.Select((member, index) => $"{tag.EnumType}.{member} => {Int(index)}, ");
            return $"({tag.Parameter} switch {{ {string.Concat(arms)}_ => {Int(tag.EnumMembers.Count)} }})";
        }

        private static string TagDefinition(TagSpec tag, string probes) => tag.Kind switch
        {
            TagValueKind.Text => $"{probes}TagDefinition.Text({Literal(tag.Name)})",
            TagValueKind.Number => $"{probes}TagDefinition.Number({Literal(tag.Name)})",
            TagValueKind.Bool => $"{probes}TagDefinition.Bool({Literal(tag.Name)})",
            _ => $"{probes}TagDefinition.Choice({Literal(tag.Name)}, {string.Join(", ", tag.EnumMembers.Select(Literal).Concat(new[] { "\"__other__\"" }))})",
        };
    }
}
