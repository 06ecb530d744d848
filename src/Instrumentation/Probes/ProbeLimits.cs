namespace Instrumentation.Probes;

/// <summary>
/// The limits a probe definition must keep. One file, compiled into the runtime (which enforces them when a
/// probe registers) and linked into the generator (which reports them at compile time, so a module
/// initialiser never meets them).
/// </summary>
internal static class ProbeLimits
{
    /// <summary>The most tags a probe may have.</summary>
    public const int MaxTags = 8;

    /// <summary>The longest metric name.</summary>
    public const int MaxMetricNameLength = 255;

    /// <summary>The longest tag name.</summary>
    public const int MaxTagNameLength = 63;

    /// <summary>The most combinations a probe's choice (enum and bool) tags may have: a series index is an <c>int</c>.</summary>
    public const long MaxChoiceCombinations = int.MaxValue;
}
