namespace Instrumentation;

/// <summary>
/// Names the tag a parameter of a tracked method becomes (by default the parameter name).
/// Tag values are strings, enums (by name, no boxing), bools or integers.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class TagAttribute : Attribute
{
    /// <summary>Names the tag <paramref name="name"/>.</summary>
    /// <param name="name">Letters, digits, '.', '_', '-' or '/', starting with a letter; for example <c>client_id</c>.</param>
    public TagAttribute(string name)
    {
        Name = name;
    }

    /// <summary>The tag name.</summary>
    public string Name { get; }
}
