using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Mesh.Declarations.Yaml;

/// <summary>
/// Writes JSON as block-style YAML (the CLI's <c>-o yaml</c> and <c>describe</c>). Strings that would
/// read back as something else (numbers, booleans, text with <c>: </c>) are double-quoted, so that
/// <see cref="YamlReader"/> reads the output back to the same JSON.
/// </summary>
public static partial class YamlWriter
{
    private static readonly JsonSerializerOptions Quoting = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(JsonNode? node, int indent = 0)
    {
        var writer = new StringWriter { NewLine = "\n" };
        Write(node, writer, indent);
        return writer.ToString();
    }

    public static void Write(JsonNode? node, TextWriter writer, int indent)
    {
        var pad = new string(' ', indent);
        switch (node)
        {
            case JsonObject obj when obj.Count > 0:
                foreach (var (key, value) in obj)
                    Entry($"{pad}{Scalar(key)}:", value, writer, indent);
                break;
            case JsonArray array when array.Count > 0:
                foreach (var item in array)
                    Item(pad, item, writer, indent);
                break;
            default:
                writer.WriteLine(pad + Inline(node));
                break;
        }
    }

    private static void Entry(string head, JsonNode? value, TextWriter writer, int indent)
    {
        if (IsInline(value))
        {
            writer.WriteLine($"{head} {Inline(value)}");
            return;
        }
        writer.WriteLine(head);
        // kubectl's style: a list under a key starts at the key's own indentation.
        Write(value, writer, value is JsonArray ? indent : indent + 2);
    }

    private static void Item(string pad, JsonNode? item, TextWriter writer, int indent)
    {
        if (IsInline(item))
        {
            writer.WriteLine($"{pad}- {Inline(item)}");
            return;
        }
        // The first line of a nested block shares the line with its dash.
        var block = Write(item, indent + 2);
        writer.Write(pad + "- " + block[(indent + 2)..]);
    }

    private static bool IsInline(JsonNode? node) =>
        node is null or JsonValue || node is JsonObject { Count: 0 } || node is JsonArray { Count: 0 };

    private static string Inline(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "{}",
        JsonArray => "[]",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => Scalar(v.GetValue<string>()),
        _ => node.ToJsonString(),
    };

    private static string Scalar(string text) =>
        PlainSafe().IsMatch(text) && !text.Contains(": ") && !text.EndsWith(':') && YamlScalars.Resolve(text) is JsonValue v && v.GetValueKind() == JsonValueKind.String
            ? text
            : JsonSerializer.Serialize(text, Quoting);

    // Letters, digits and URL punctuation, single spaces, no leading indicator; ": " is checked apart.
    [GeneratedRegex(@"^[A-Za-z0-9_./][A-Za-z0-9_./:@=+()~-]*(?: [A-Za-z0-9_./:@=+()~-]+)*\z")]
    private static partial Regex PlainSafe();
}
