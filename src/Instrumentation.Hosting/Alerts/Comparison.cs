using System.Globalization;

namespace Instrumentation.Alerts;

/// <summary>A parsed <c>&gt; 0.05</c>: an operator and a finite number.</summary>
internal sealed record Comparison(string Operator, double Operand)
{
    private static readonly string[] Operators = [">=", "<=", ">", "<"];

    /// <summary>Parses <c>&gt;</c>, <c>&gt;=</c>, <c>&lt;</c> or <c>&lt;=</c> followed by a number (invariant culture).</summary>
    public static bool TryParse(string? text, out Comparison? comparison)
    {
        comparison = null;
        string trimmed = text?.Trim() ?? string.Empty;
        string? op = Operators.FirstOrDefault(o => trimmed.StartsWith(o, StringComparison.Ordinal));
        if (op is null
            || !double.TryParse(trimmed[op.Length..], NumberStyles.Float, CultureInfo.InvariantCulture, out double operand)
            || !double.IsFinite(operand))
        {
            return false;
        }

        comparison = new Comparison(op, operand);
        return true;
    }

    /// <summary>Whether <paramref name="value"/> satisfies the comparison; never for a missing value.</summary>
    public bool Holds(double? value) => value is { } v && Operator switch
    {
        ">" => v > Operand,
        ">=" => v >= Operand,
        "<" => v < Operand,
        _ => v <= Operand,
    };

    public override string ToString() => $"{Operator} {Operand.ToString(CultureInfo.InvariantCulture)}";
}
