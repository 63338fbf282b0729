using System.Text.Json;
using System.Text.Json.Nodes;
using Mesh.Cli.Client;
using Mesh.Declarations;

namespace Mesh.Cli.Manifests;

/// <summary>
/// Reads the documents named by <c>-f</c>: files, directories (<c>*.yaml</c>, <c>*.yml</c>,
/// <c>*.json</c>, sorted by name) and <c>-</c> for stdin. A <c>List</c> expands to its items.
/// </summary>
internal sealed class ManifestReader(Func<TextReader> stdin)
{
    private static readonly string[] Extensions = [".yaml", ".yml", ".json"];

    /// <summary>
    /// The manifests in order. A missing path throws before anything is read; a file that does not
    /// parse becomes one manifest carrying the error, so the other files still apply.
    /// </summary>
    public IReadOnlyList<Manifest> Read(IEnumerable<string> paths, bool recursive)
    {
        var files = paths.SelectMany(p => Expand(p, recursive)).ToList();
        return files.SelectMany(ReadFile).ToList();
    }

    private static IEnumerable<string> Expand(string path, bool recursive)
    {
        if (path == "-" || File.Exists(path))
            return [path];
        if (!Directory.Exists(path))
            throw new CliException($"the path \"{path}\" does not exist");
        var option = recursive ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly;
        return Directory.EnumerateFiles(path, "*", option)
            .Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private IEnumerable<Manifest> ReadFile(string file)
    {
        var source = file == "-" ? "stdin" : file;
        IReadOnlyList<JsonNode> documents;
        try
        {
            using var reader = file == "-" ? stdin() : File.OpenText(file);
            // JSON is read as JSON so that large numbers and exact text survive untouched; YAML by
            // the same reader, with the same limits, as the server's.
            var text = reader.ReadToEnd();
            documents = Path.GetExtension(file).Equals(".json", StringComparison.OrdinalIgnoreCase)
                ? [DocumentReader.ReadJson(text) ?? throw new CliException("the document is null")]
                : [.. DocumentReader.ReadYaml(text).OfType<JsonNode>()];
        }
        catch (Exception e) when (e is DocumentException or IOException or UnauthorizedAccessException or CliException)
        {
            return [new Manifest(source, new JsonObject(), e.Message)];
        }
        return documents.SelectMany(d => Expand(source, d));
    }

    private static IEnumerable<Manifest> Expand(string source, JsonNode document)
    {
        if (document is not JsonObject obj)
            return [new Manifest(source, new JsonObject(), $"a document must be a mapping, not {document.GetValueKind()}")];
        if (obj.At("kind").Str() is { } kind && kind.EndsWith("List", StringComparison.Ordinal) && obj["items"] is JsonArray items)
            return items.SelectMany(item => Expand(source, item?.DeepClone() ?? new JsonObject()));
        return [new Manifest(source, obj)];
    }
}
