namespace Instrumentation.Alerts;

/// <summary>The alert rules, bound from the <c>Instrumentation:Alerts</c> list and validated when the host starts.</summary>
public sealed class AlertOptions
{
    /// <summary>The configuration section the rules bind from, as a list.</summary>
    public const string SectionName = "Instrumentation:Alerts";

    /// <summary>The rules, in the order the snapshot shows them.</summary>
    public IList<AlertRule> Rules { get; } = [];

    /// <summary>Set when the configuration section is not a list (a single object, say), which would bind no rule.</summary>
    internal string? NotAList { get; set; }
}
