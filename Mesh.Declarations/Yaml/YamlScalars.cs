using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Mesh.Declarations.Yaml;

/// <summary>
/// Resolves YAML scalars by the YAML 1.2 core schema: <c>yes</c>/<c>on</c> stay strings, unlike
/// YAML 1.1, so a value such as a country code never turns into a boolean by surprise; <c>0x1F</c>
/// and <c>0o17</c> are integers.
/// </summary>
internal static partial class YamlScalars
{
    private const string Core = "tag:yaml.org,2002:";

    /// <summary>A plain scalar without a tag.</summary>
    public static JsonNode? Resolve(string text) =>
        Null(text) ? null : Boolean(text) ?? Integer(text) ?? Float(text) ?? JsonValue.Create(text);

    /// <summary>A scalar with an explicit tag such as <c>!!str</c> or <c>!!int</c>; false when the text is not of that type or the tag is unknown.</summary>
    public static bool TryResolve(string text, string tag, out JsonNode? value)
    {
        value = tag switch
        {
            Core + "str" => JsonValue.Create(text),
            Core + "bool" => Boolean(text),
            Core + "int" => Integer(text),
            Core + "float" => Float(text),
            _ => null,
        };
        return value is not null || (tag == Core + "null" && Null(text));
    }

    private static bool Null(string text) => text is "" or "~" or "null" or "Null" or "NULL";

    private static JsonValue? Boolean(string text) => text switch
    {
        "true" or "True" or "TRUE" => JsonValue.Create(true),
        "false" or "False" or "FALSE" => JsonValue.Create(false),
        _ => null,
    };

    private static JsonValue? Integer(string text)
    {
        if (DecimalInt().IsMatch(text))
            return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)
                ? JsonValue.Create(l)
                : decimal.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var d)
                    ? JsonValue.Create(d) : null;
        if (text.StartsWith("0x", StringComparison.Ordinal) && HexInt().IsMatch(text))
            return JsonValue.Create(Convert.ToInt64(text[2..], 16));
        if (text.StartsWith("0o", StringComparison.Ordinal) && OctalInt().IsMatch(text))
            return JsonValue.Create(Convert.ToInt64(text[2..], 8));
        return null;
    }

    // .inf and .nan have no JSON form, so they stay strings rather than failing the whole document.
    private static JsonValue? Float(string text) =>
        FloatPattern().IsMatch(text)
        && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
        && double.IsFinite(d)
            ? JsonValue.Create(d)
            : null;

    [GeneratedRegex(@"^[-+]?[0-9]+\z")]
    private static partial Regex DecimalInt();

    [GeneratedRegex(@"^0x[0-9a-fA-F]{1,15}\z")]
    private static partial Regex HexInt();

    [GeneratedRegex(@"^0o[0-7]{1,20}\z")]
    private static partial Regex OctalInt();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\z")]
    private static partial Regex FloatPattern();
}
