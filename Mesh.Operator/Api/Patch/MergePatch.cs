namespace Mesh.Operator.Api.Patch;

/// <summary>
/// JSON merge patch (RFC 7386, <c>application/merge-patch+json</c>): an object patch merges key by key,
/// a <c>null</c> removes the key, anything else (arrays included) replaces the value whole.
/// </summary>
public static class MergePatch
{
    /// <returns>The patched document; <paramref name="target"/> is left as it was.</returns>
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject changes) return patch?.DeepClone();
        var result = target is JsonObject obj ? (JsonObject)obj.DeepClone() : [];
        foreach (var (name, value) in changes)
        {
            if (value is null) result.Remove(name);
            else result[name] = Apply(result[name], value);
        }
        return result;
    }
}
