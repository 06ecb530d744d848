namespace Instrumentation.Probes;

/// <summary>
/// One tag (dimension) of a probe. A <em>choice</em> tag has a fixed list of values (an enum's
/// names, or false/true) and selects its series by index, without hashing; a <em>text</em> or
/// <em>number</em> tag takes any value and selects its series through a lock-free hash lookup.
/// </summary>
public sealed class TagDefinition : IEquatable<TagDefinition>
{
    private static readonly string[] s_boolChoices = ["false", "true"];

    private TagDefinition(string name, TagValueKind valueKind, string[]? choices)
    {
        MetricNames.ThrowIfInvalidTagName(name);
        Name = name;
        ValueKind = valueKind;
        Choices = choices;
    }

    /// <summary>The tag name as sinks and snapshots show it.</summary>
    public string Name { get; }

    /// <summary>What values the tag takes.</summary>
    public TagValueKind ValueKind { get; }

    /// <summary>The values of a choice tag, in index order; <see langword="null"/> for other tags.</summary>
    public IReadOnlyList<string>? Choices { get; }

    /// <summary>A tag taking any string.</summary>
    public static TagDefinition Text(string name) => new(name, TagValueKind.Text, null);

    /// <summary>A tag taking any integer.</summary>
    public static TagDefinition Number(string name) => new(name, TagValueKind.Number, null);

    /// <summary>A tag taking one of <paramref name="choices"/>, selected by index (an enum's names, for example).</summary>
    public static TagDefinition Choice(string name, params string[] choices)
    {
        ArgumentNullException.ThrowIfNull(choices);
        if (choices.Length == 0)
        {
            throw new ArgumentException($"The choice tag '{name}' needs at least one value.", nameof(choices));
        }

        return new(name, TagValueKind.Choice, [.. choices]);
    }

    /// <summary>A choice tag with the values <c>false</c> (index 0) and <c>true</c> (index 1).</summary>
    public static TagDefinition Bool(string name) => new(name, TagValueKind.Choice, s_boolChoices);

    /// <inheritdoc />
    public bool Equals(TagDefinition? other) =>
        other is not null
        && Name == other.Name
        && ValueKind == other.ValueKind
        && (Choices is null ? other.Choices is null : other.Choices is not null && Choices.SequenceEqual(other.Choices));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as TagDefinition);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Name, ValueKind, Choices?.Count);

    /// <inheritdoc />
    public override string ToString() => Choices is null ? $"{Name}:{ValueKind}" : $"{Name}:[{string.Join('|', Choices)}]";
}

/// <summary>What values a <see cref="TagDefinition"/> takes.</summary>
public enum TagValueKind
{
    /// <summary>Any string.</summary>
    Text,

    /// <summary>Any integer.</summary>
    Number,

    /// <summary>One of a fixed list of values, selected by index.</summary>
    Choice,
}
