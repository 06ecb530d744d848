using System.Diagnostics.CodeAnalysis;

namespace Instrumentation.EndToEnd.Library;

/// <summary>
/// A tracked method with trimming annotations in a library that is AOT-compatible: the analyzers warn at
/// the user's call site (here suppressed by the caller's own annotation), never inside generated code.
/// </summary>
public static class Reflection
{
    /// <summary>Counts the public properties of <typeparamref name="T"/> by reflection.</summary>
    [RequiresUnreferencedCode("Reads the public properties of T by reflection.")]
    [TrackEvent("e2e.reflection.properties")]
    public static int CountProperties<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] T>() =>
        typeof(T).GetProperties().Length;

    /// <summary>Calls <see cref="CountProperties{T}"/> from inside the library (intercepted here).</summary>
    [RequiresUnreferencedCode("Calls CountProperties.")]
    public static int CountStockProperties() => CountProperties<Stock>();
}
