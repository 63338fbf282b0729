using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Mesh.Cli.Yaml;

/// <summary>
/// Resolves plain YAML scalars by the YAML 1.2 core schema: <c>yes</c>/<c>on</c> stay strings, unlike
/// YAML 1.1, so a value such as a country code never turns into a boolean by surprise.
/// </summary>
internal static partial class YamlScalars
{
    public static JsonNode? Resolve(string text)
    {
        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
        }
        return Integer(text) ?? Float(text) ?? JsonValue.Create(text);
    }

    /// <summary>Resolution under an explicit tag such as <c>!!str</c> or <c>!!int</c>.</summary>
    public static JsonNode? Resolve(string text, string tag) => tag switch
    {
        "tag:yaml.org,2002:str" => JsonValue.Create(text),
        "tag:yaml.org,2002:null" => null,
        "tag:yaml.org,2002:bool" or "tag:yaml.org,2002:int" or "tag:yaml.org,2002:float" => Resolve(text),
        _ => Resolve(text),
    };

    private static JsonNode? Integer(string text)
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
    private static JsonNode? Float(string text) =>
        FloatPattern().IsMatch(text)
        && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
        && double.IsFinite(d)
            ? JsonValue.Create(d)
            : null;

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex DecimalInt();

    [GeneratedRegex(@"^0x[0-9a-fA-F]{1,15}$")]
    private static partial Regex HexInt();

    [GeneratedRegex(@"^0o[0-7]{1,20}$")]
    private static partial Regex OctalInt();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();
}
