namespace Instrumentation.Probes;

/// <summary>
/// Two registrations of one metric name that disagree (kind, tags, timing or token lifetime), usually
/// from two assemblies compiled apart. The later one got a probe of its own that counts but is not
/// collected; the collector logs each conflict once.
/// </summary>
/// <param name="Registered">What the name was registered as first.</param>
/// <param name="Refused">What a later registration asked for.</param>
public sealed record ProbeConflict(ProbeDefinition Registered, ProbeDefinition Refused)
{
    /// <summary>A message that says what clashed and how to fix it.</summary>
    public string Message =>
        $"The metric '{Registered.Name}' is registered as {Registered} and cannot also be {Refused}; the second is not collected. " +
        "A metric name has one kind and one set of tags: rename one of the two.";
}
