namespace Instrumentation.History;

/// <summary>A history's time resolution.</summary>
public enum Granularity
{
    /// <summary>One bucket per minute.</summary>
    Minute,

    /// <summary>One bucket per hour.</summary>
    Hour,

    /// <summary>One bucket per UTC day.</summary>
    Day,
}
