using System.Text.RegularExpressions;

namespace Mesh.Operator.Resources;

/// <summary>Validation and reading of what sources share: <c>ceOverrides</c> and <c>secretKeyRef</c>s.</summary>
public static partial class SourceDeclarations
{
    private static readonly HashSet<string> Reserved = ["specversion", "id", "source", "type", "datacontenttype", "dataschema", "subject", "time", "data", "data_base64"];

    [GeneratedRegex("^[a-z0-9]{1,20}$")]
    private static partial Regex ExtensionName();

    public static void ValidateCeOverrides(JsonNode? node, string path, FieldErrors errors)
    {
        if (node is null) return;
        if (node is not JsonObject overrides)
        {
            errors.Add(path, "ceOverrides must be an object");
            return;
        }
        if (overrides["extensions"] is not { } extensionsNode) return;
        if (extensionsNode is not JsonObject extensions)
        {
            errors.Add($"{path}.extensions", "extensions must be a map of names to string values");
            return;
        }
        foreach (var (name, value) in extensions)
        {
            if (!ExtensionName().IsMatch(name))
                errors.Add($"{path}.extensions.{name}", "an extension name is 1 to 20 lower-case letters or digits");
            else if (Reserved.Contains(name))
                errors.Add($"{path}.extensions.{name}", $"'{name}' is a CloudEvents context attribute, not an extension");
            if (Destinations.Text(value) is null)
                errors.Add($"{path}.extensions.{name}", "an extension value must be a string");
        }
    }

    /// <summary>The validated <c>ceOverrides.extensions</c> map.</summary>
    public static Dictionary<string, string> Extensions(JsonNode? ceOverrides) =>
        (ceOverrides?["extensions"] as JsonObject)?
            .Where(e => Destinations.Text(e.Value) is not null)
            .ToDictionary(e => e.Key, e => Destinations.Text(e.Value)!, StringComparer.Ordinal)
        ?? new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Checks <c>{secretKeyRef: {name, key}}</c> at <paramref name="path"/>.</summary>
    public static void ValidateSecretKeyRef(JsonNode? node, string path, FieldErrors errors)
    {
        if (node?["secretKeyRef"] is not JsonObject reference)
        {
            errors.Add($"{path}.secretKeyRef", "secretKeyRef {name, key} is required");
            return;
        }
        if (Destinations.Text(reference["name"]) is not { Length: > 0 })
            errors.Add($"{path}.secretKeyRef.name", "name is required");
        if (Destinations.Text(reference["key"]) is not { Length: > 0 })
            errors.Add($"{path}.secretKeyRef.key", "key is required");
    }
}
