using Instrumentation;

namespace Instrumentation.Samples.WebApi;

/// <summary>Which part of a document an edit touched.</summary>
public enum Aspect
{
    Text,
    Layout,
    Comments,
}

/// <summary>Probe methods: the generator writes their bodies.</summary>
public static partial class DocumentProbes
{
    [TrackEvent("documents.edits")]
    public static partial void Edited(Aspect aspect);
}
