using System.Globalization;

namespace Mesh.Grains.Filtering.Cesql;

/// <summary>
/// A CESQL value without boxing: evaluation runs once per event per trigger, so the hot path
/// passes this struct around and only <see cref="CesqlResult"/> boxes.
/// </summary>
internal readonly record struct CesqlValue(CesqlType Type, int Integer, string? Text)
{
    public static readonly CesqlValue True = new(CesqlType.Boolean, 1, null);
    public static readonly CesqlValue False = new(CesqlType.Boolean, 0, null);
    public static readonly CesqlValue Zero = new(CesqlType.Integer, 0, null);
    public static readonly CesqlValue Empty = new(CesqlType.String, 0, "");

    public bool Boolean => Integer != 0;
    public string String => Text ?? "";

    public static CesqlValue Of(bool value) => value ? True : False;
    public static CesqlValue Of(int value) => new(CesqlType.Integer, value, null);
    public static CesqlValue Of(string value) => new(CesqlType.String, 0, value);

    /// <summary>The zero value of a type (spec §3.1), returned by anything that fails.</summary>
    public static CesqlValue ZeroOf(CesqlType type) => type switch
    {
        CesqlType.Integer => Zero,
        CesqlType.String => Empty,
        _ => False,
    };

    /// <summary>
    /// Maps a host value to CESQL: anything that is not a primitive CESQL type is a String
    /// (spec §3.2), including integers outside the 32-bit range.
    /// </summary>
    public static CesqlValue FromHost(object value) => value switch
    {
        string s => Of(s),
        bool b => Of(b),
        int i => Of(i),
        long l and >= int.MinValue and <= int.MaxValue => Of((int)l),
        short or sbyte or byte or ushort => Of(Convert.ToInt32(value, CultureInfo.InvariantCulture)),
        uint u and <= int.MaxValue => Of((int)u),
        IFormattable f => Of(f.ToString(null, CultureInfo.InvariantCulture)),
        _ => Of(value.ToString() ?? ""),
    };

    public object ToHost() => Type switch
    {
        CesqlType.Boolean => Boolean,
        CesqlType.Integer => (long)Integer,
        _ => String,
    };

    public override string ToString() => Type switch
    {
        CesqlType.Boolean => Boolean ? "true" : "false",
        CesqlType.Integer => Integer.ToString(CultureInfo.InvariantCulture),
        _ => $"'{String}'",
    };
}
