using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Mesh.Operator.Resources;

/// <summary>
/// Reads YAML into JSON nodes, keeping scalar types as YAML 1.2's core schema gives them: plain
/// <c>true</c>, numbers and <c>null</c> are typed, quoted scalars stay strings.
/// </summary>
public static class YamlDocuments
{
    /// <exception cref="YamlException">The text is not YAML.</exception>
    public static IReadOnlyList<JsonNode?> Parse(string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet's scanner throws this on some malformed input (an unterminated flow
            // collection, for one); it is still "not YAML", not a server fault.
            throw new YamlException(Mark.Empty, Mark.Empty, e.Message, e);
        }
        return [.. stream.Documents.Select(d => Convert(d.RootNode))];
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(kv =>
            KeyValuePair.Create(KeyOf(kv.Key), Convert(kv.Value)))),
        YamlSequenceNode seq => new JsonArray([.. seq.Children.Select(Convert)]),
        YamlScalarNode scalar => ConvertScalar(scalar),
        _ => null,
    };

    private static string KeyOf(YamlNode key) => key is YamlScalarNode scalar
        ? scalar.Value ?? ""
        : throw new YamlException(key.Start, key.End, "a mapping key must be a scalar, as JSON object keys are strings");

    private static JsonNode? ConvertScalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? "";
        if (scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded)
            return JsonValue.Create(value);
        switch (value)
        {
            case "" or "~" or "null" or "Null" or "NULL": return null;
            case "true" or "True" or "TRUE": return JsonValue.Create(true);
            case "false" or "False" or "FALSE": return JsonValue.Create(false);
        }
        if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
            return JsonValue.Create(integer);
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && value.Any(char.IsDigit))
            return JsonValue.Create(number);
        return JsonValue.Create(value);
    }
}
