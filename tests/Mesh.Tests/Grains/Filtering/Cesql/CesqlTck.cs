using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Mesh.Tests.Grains.Filtering.Cesql;

/// <summary>One case of the CloudEvents SQL TCK, with YAML scalars typed as the TCK means them.</summary>
public sealed record CesqlTckCase(
    string Name,
    string Expression,
    object? Result,
    string? Error,
    IReadOnlyDictionary<string, object?> Event);

/// <summary>
/// Loads <c>shared/conformance/cesql-tck/*.yaml</c> at run time. Scalars are typed by their YAML
/// style: plain <c>true</c>/<c>false</c> are Booleans and plain digits Integers (as <see cref="long"/>),
/// while quoted scalars such as <c>'1'</c> or <c>hop: '5'</c> stay Strings, which the cases rely on.
/// </summary>
public static class CesqlTck
{
    private static readonly Lazy<string> Folder = new(Locate);
    private static readonly Dictionary<string, IReadOnlyList<CesqlTckCase>> Files = [];

    /// <summary>The event behind <c>eventOverrides</c> and behind cases that give no event.</summary>
    private static readonly Dictionary<string, object?> DefaultEvent = new()
    {
        ["specversion"] = "1.0",
        ["id"] = "default-id",
        ["source"] = "http://localhost/default-source",
        ["type"] = "io.mesh.tck.default",
    };

    public static IEnumerable<object[]> CaseNames() =>
        from path in Directory.EnumerateFiles(Folder.Value, "*.yaml").Order(StringComparer.Ordinal)
        let file = Path.GetFileName(path)
        from c in Load(file)
        select new object[] { file, c.Name };

    public static CesqlTckCase Case(string file, string name) => Load(file).Single(c => c.Name == name);

    public static IReadOnlyList<CesqlTckCase> Load(string file)
    {
        lock (Files)
        {
            if (Files.TryGetValue(file, out var cached)) return cached;
            var stream = new YamlStream();
            using (var reader = File.OpenText(Path.Combine(Folder.Value, file))) stream.Load(reader);
            var root = (YamlMappingNode)stream.Documents[0].RootNode;
            var tests = (YamlSequenceNode)root[new YamlScalarNode("tests")];
            return Files[file] = [.. tests.Cast<YamlMappingNode>().Select(Parse)];
        }
    }

    private static CesqlTckCase Parse(YamlMappingNode node)
    {
        YamlNode? Get(string key) => node.Children.TryGetValue(new YamlScalarNode(key), out var v) ? v : null;

        var @event = Get("event") is YamlMappingNode whole
            ? Attributes(whole, [])
            : Attributes(Get("eventOverrides") as YamlMappingNode, new Dictionary<string, object?>(DefaultEvent));
        return new CesqlTckCase(
            ((YamlScalarNode)Get("name")!).Value!,
            ((YamlScalarNode)Get("expression")!).Value!,
            Get("result") is YamlScalarNode result ? Scalar(result) : null,
            (Get("error") as YamlScalarNode)?.Value,
            @event);
    }

    private static Dictionary<string, object?> Attributes(YamlMappingNode? node, Dictionary<string, object?> into)
    {
        if (node is null) return into;
        foreach (var (key, value) in node.Children)
            into[((YamlScalarNode)key).Value!] = Scalar((YamlScalarNode)value);
        return into;
    }

    private static object Scalar(YamlScalarNode node)
    {
        var text = node.Value ?? "";
        if (node.Style != YamlDotNet.Core.ScalarStyle.Plain) return text;
        if (bool.TryParse(text, out var b)) return b;
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) return l;
        // Plain timestamps such as 2018-04-26T14:48:09+02:00 stay text: CESQL reads Timestamps as Strings.
        return text;
    }

    /// <summary>CI puts <c>shared/</c> beside the repository clone; walk up until it appears.</summary>
    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "conformance", "cesql-tck");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException(
            $"shared/conformance/cesql-tck was not found above {AppContext.BaseDirectory}; place shared/ beside the repository.");
    }
}
