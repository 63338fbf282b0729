using System.Text.RegularExpressions;
using Mesh.Operator.Resources;

namespace Mesh.Operator.Sources;

/// <summary>A source's <c>ceOverrides</c>: extension attributes added to every event it sends.</summary>
public sealed partial record CeOverrides(IReadOnlyDictionary<string, string> Extensions)
{
    private static readonly HashSet<string> Reserved = ["specversion", "id", "source", "type", "datacontenttype", "dataschema", "subject", "time", "data", "data_base64"];

    public static CeOverrides None { get; } = new(new Dictionary<string, string>());

    [GeneratedRegex("^[a-z0-9]{1,20}$")]
    private static partial Regex ExtensionName();

    /// <summary>Reads <c>ceOverrides</c> at <paramref name="path"/>; <see cref="None"/> when absent, null when invalid.</summary>
    public static CeOverrides? Parse(JsonNode? node, string path, FieldErrors errors)
    {
        if (node is null) return None;
        if (FieldReader.At(node, path, errors, "ceOverrides must be an object") is not { } overrides) return null;
        if (overrides.Object("extensions", "extensions must be a map of names to string values") is not { } extensions)
            return overrides.Has("extensions") ? null : None;
        var before = errors.Items.Count;
        var read = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in extensions.Json)
        {
            if (!ExtensionName().IsMatch(name))
                extensions.Fail(name, "an extension name is 1 to 20 lower-case letters or digits");
            else if (Reserved.Contains(name))
                extensions.Fail(name, $"'{name}' is a CloudEvents context attribute, not an extension");
            if (FieldReader.TextOf(value) is { } text) read[name] = text;
            else extensions.Fail(name, "an extension value must be a string");
        }
        return errors.Items.Count > before ? null : new CeOverrides(read);
    }

    /// <summary>The extensions as the grains keep them (a concrete dictionary: grain storage serializes by runtime type).</summary>
    public Dictionary<string, string> ToDictionary() => new(Extensions, StringComparer.Ordinal);
}
