using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mesh.Declarations.Yaml;

namespace Mesh.Cli.Output;

/// <summary>Prints an object or list as <c>-o json</c> or <c>-o yaml</c>.</summary>
internal static class ObjectPrinter
{
    public const string Table = "table";
    public const string Json = "json";
    public const string Yaml = "yaml";

    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void Write(JsonNode node, string format, TextWriter output)
    {
        if (format == Yaml)
            output.Write(YamlWriter.Write(node));
        else
            output.WriteLine(node.ToJsonString(Indented));
    }
}
