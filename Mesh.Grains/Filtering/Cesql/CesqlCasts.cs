using System.Globalization;

namespace Mesh.Grains.Filtering.Cesql;

/// <summary>The type casts of spec §3.7; a failed cast yields the target's zero value and a CastError.</summary>
internal static class CesqlCasts
{
    /// <summary>
    /// The cast operators and functions apply to their operands. Integer to Boolean is refused here
    /// although §3.7 defines it: the TCK expects <c>NOT 10</c> to raise a CastError, so only the
    /// explicit <c>BOOL()</c> function performs that conversion (see <see cref="Explicit"/>).
    /// </summary>
    public static CesqlValue Implicit(in CesqlValue value, CesqlType target, ref CesqlContext context)
    {
        if (value.Type == target) return value;
        switch (target)
        {
            case CesqlType.String:
                return CesqlValue.Of(ToText(value));
            case CesqlType.Integer when value.Type == CesqlType.Boolean:
                return CesqlValue.Of(value.Integer);
            case CesqlType.Integer:
                if (TryParseInteger(value.String, out var i)) return CesqlValue.Of(i);
                context.Fail(CesqlErrorKind.Cast, $"cannot cast {value} to Integer");
                return CesqlValue.Zero;
            default:
                if (value.Type == CesqlType.String && TryParseBoolean(value.String, out var b)) return CesqlValue.Of(b);
                context.Fail(CesqlErrorKind.Cast, $"cannot cast {value} to Boolean");
                return CesqlValue.False;
        }
    }

    /// <summary>The casting functions: every cast of §3.7, Integer to Boolean included.</summary>
    public static CesqlValue Explicit(in CesqlValue value, CesqlType target, ref CesqlContext context) =>
        target == CesqlType.Boolean && value.Type == CesqlType.Integer
            ? CesqlValue.Of(value.Integer != 0)
            : Implicit(value, target, ref context);

    public static string ToText(in CesqlValue value) => value.Type switch
    {
        CesqlType.Boolean => value.Boolean ? "true" : "false",
        CesqlType.Integer => value.Integer.ToString(CultureInfo.InvariantCulture),
        _ => value.String,
    };

    /// <summary>Base 10, optional leading sign, 32 bits; no whitespace or thousands separators.</summary>
    public static bool TryParseInteger(string text, out int value) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    public static bool TryParseBoolean(string text, out bool value)
    {
        value = text.Equals("true", StringComparison.OrdinalIgnoreCase);
        return value || text.Equals("false", StringComparison.OrdinalIgnoreCase);
    }
}
