using System.Globalization;
using System.Linq;

namespace Instrumentation.Generators
{
    /// <summary>The code both forms share: a probe's registration field and the statements that find a series.</summary>
    internal static class ProbeCodeEmitter
    {
        public const string Probes = "global::Instrumentation.Probes";

        /// <summary>Writes the static readonly probe field (and, without tags, its one series) for <paramref name="probe"/>.</summary>
        public static void EmitFields(CodeWriter code, ProbeShape probe, string field, string modifier = "internal")
        {
            string probeType = ProbeType(probe);
            string tags = probe.Tags.Count == 0
                ? "null"
                : $"new {Probes}.TagDefinition[] {{ {string.Join(", ", probe.Tags.Select(TagDefinition))} }}";
            string name = Literal(probe.MetricName);
            string limit = Int(probe.CardinalityLimit);
            string registration = probe.Family switch
            {
                "endpoint" => $"GetOrAddEndpoint({name}, {tags}, {limit})",
                "token" when probe.Kind == TrackKind.TokenIssue => $"GetOrAddToken({name}, {tags}, global::System.TimeSpan.FromSeconds({Int(probe.LifetimeSeconds)}), {limit})",
                "token" => $"GetOrAddToken({name}, {tags}, default, {limit})",
                "cache" => $"GetOrAddCache({name}, {tags}, {limit})",
                "event" => $"GetOrAddEvent({name}, {tags}, {(probe.Timed ? "true" : "false")}, {limit})",
                _ => $"GetOrAddGauge({name}, {tags}, {limit})",
            };
            code.Line($"{modifier} static readonly {Probes}.{probeType} {field} = {Probes}.ProbeRegistry.Shared.{registration};");
            if (probe.Tags.Count == 0)
            {
                code.Line($"{modifier} static readonly {Probes}.{SeriesType(probe)} {field}Series = {field}.Default;");
            }
        }

        /// <summary>Writes the statements that find the series and returns the expression for it.</summary>
        public static string SelectSeries(CodeWriter code, ProbeShape probe, string field, string localPrefix)
        {
            if (probe.Tags.Count == 0)
            {
                return $"{field}Series";
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
            code.Line($"var {key} = new {Probes}.SeriesKey({choiceIndex});");
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

        private static string TagDefinition(TagSpec tag) => tag.Kind switch
        {
            TagValueKind.Text => $"{Probes}.TagDefinition.Text({Literal(tag.Name)})",
            TagValueKind.Number => $"{Probes}.TagDefinition.Number({Literal(tag.Name)})",
            TagValueKind.Bool => $"{Probes}.TagDefinition.Bool({Literal(tag.Name)})",
            _ => $"{Probes}.TagDefinition.Choice({Literal(tag.Name)}, {string.Join(", ", tag.EnumMembers.Select(Literal).Concat(new[] { "\"__other__\"" }))})",
        };
    }
}
