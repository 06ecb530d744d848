namespace Instrumentation;

/// <summary>
/// Marks the parameter of a <see cref="TrackEventAttribute"/> probe method whose value each occurrence adds
/// to the series' <c>valueSum</c> field (bytes uploaded, items in an order, tokens used), instead of
/// becoming a tag. One per probe method; any integer type up to <see langword="long"/>.
/// </summary>
/// <example>
/// <code>
/// [TrackEvent("uploads")]
/// static partial void Uploaded([Tag("kind")] FileKind kind, [Value] long bytes);
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class ValueAttribute : Attribute
{
}
