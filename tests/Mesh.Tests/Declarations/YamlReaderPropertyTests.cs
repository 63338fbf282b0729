using System.Globalization;
using System.Text.Json;
using CsCheck;
using Mesh.Declarations;
using Mesh.Declarations.Yaml;

namespace Mesh.Tests.Declarations;

/// <summary>JSON is YAML: JSON texts and the CLI's YAML output read back to the same value; no text makes the reader fail otherwise than with a DocumentException.</summary>
public sealed class YamlReaderPropertyTests
{
    // Characters YAML treats specially, a few that JSON escapes, and some beyond ASCII.
    private static readonly Gen<char> Character = Gen.OneOf(
        Gen.Char['a', 'z'], Gen.Char['0', '9'],
        Gen.OneOf(' ', ':', '#', '-', '?', '[', ']', '{', '}', ',', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`',
            '\\', '/', '.', '~', '\n', '\t', '\r', 'ä', '中', '\u00a0', '\u0001', '\u007f'));

    private static readonly Gen<string> Text = Character.Array[0, 12].Select(c => new string(c));

    private static readonly Gen<JsonNode?> Scalar = Gen.OneOf(
        Gen.Const(() => (JsonNode?)null),
        Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b)),
        Gen.Long.Select(l => (JsonNode?)JsonValue.Create(l)),
        Gen.Double[-1e12, 1e12].Select(d => (JsonNode?)JsonValue.Create(Math.Round(d, 3))),
        Text.Select(s => (JsonNode?)JsonValue.Create(s)),
        Gen.OneOf("true", "null", "5", "0x1F", "1e3", "-", "- a", "a: b", "#x", "").Select(s => (JsonNode?)JsonValue.Create(s)));

    private static Gen<JsonNode?> Value(int depth)
    {
        if (depth == 0) return Scalar;
        var child = Value(depth - 1);
        return Gen.OneOf(
            Scalar,
            child.Array[0, 4].Select(items => (JsonNode?)new JsonArray(items)),
            Gen.Select(Text, child).Array[0, 4].Select(pairs =>
            {
                var obj = new JsonObject();
                foreach (var (key, value) in pairs) obj[key] = value;
                return (JsonNode?)obj;
            }));
    }

    [Fact]
    public void Json_text_reads_as_yaml_to_the_same_value()
    {
        Value(4).Sample(json =>
        {
            var text = json?.ToJsonString() ?? "null";
            Canonical(DocumentReader.ReadYaml(text).Single()).ShouldBe(Canonical(json), text);
        }, iter: 1000);
    }

    [Fact]
    public void Yaml_written_for_json_reads_back_to_the_same_value()
    {
        Value(4).Sample(json =>
        {
            var yaml = YamlWriter.Write(json);
            Canonical(DocumentReader.ReadYaml(yaml).Single()).ShouldBe(Canonical(json), yaml);
        }, iter: 1000);
    }

    [Fact]
    public void Any_text_is_read_or_refused_with_a_document_exception()
    {
        var token = Gen.OneOf("- ", "a", ": ", "\n", "  ", "[", "]", "{", "}", ", ", "&x ", "*x", "!!str ", "!!int ", "'", "\"", "|\n", "? ", "---\n", "#", "\t", "0x1", "~");
        token.Array[0, 40].Select(string.Concat).Sample(text =>
        {
            try
            {
                DocumentReader.ReadYaml(text);
            }
            catch (DocumentException)
            {
            }
        }, iter: 5_000);
    }

    /// <summary>JSON text with numbers in one form, so that 2500 and 2.5e3 compare equal.</summary>
    private static string Canonical(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject o => "{" + string.Join(",", o.Select(p => JsonSerializer.Serialize(p.Key) + ":" + Canonical(p.Value))) + "}",
        JsonArray a => "[" + string.Join(",", a.Select(Canonical)) + "]",
        // JSON's -0 is the number zero, as YAML's integer -0 is.
        JsonValue v when v.GetValueKind() == JsonValueKind.Number =>
            (double.Parse(v.ToJsonString(), CultureInfo.InvariantCulture) + 0.0).ToString("R", CultureInfo.InvariantCulture),
        _ => node.ToJsonString(),
    };
}
