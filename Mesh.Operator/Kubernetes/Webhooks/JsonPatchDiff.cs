namespace Mesh.Operator.Kubernetes.Webhooks;

/// <summary>
/// The JSON Patch (RFC 6902) that turns an object into its defaulted form: <c>add</c> where a
/// default filled a missing field, <c>replace</c> where one changed a value. Defaults never remove,
/// so neither does the patch: a field the mesh does not know is left as the user wrote it.
/// </summary>
public static class JsonPatchDiff
{
    /// <param name="paths">The members compared, as dotted paths (<c>spec</c>, <c>metadata.annotations</c>); the rest is never patched.</param>
    public static JsonArray Between(JsonObject before, JsonObject after, params string[] paths)
    {
        var operations = new JsonArray();
        foreach (var path in paths)
        {
            var members = path.Split('.');
            JsonNode? was = before, now = after;
            foreach (var parent in members[..^1])
            {
                was = (was as JsonObject)?[parent];
                now = (now as JsonObject)?[parent];
            }
            // A parent the object lacks would need an add of its own; metadata is always there.
            if (was is not JsonObject wasParent || now is not JsonObject nowParent) continue;
            var last = members[^1];
            Compare(wasParent[last], nowParent[last], "/" + string.Join('/', members.Select(Escape)), wasParent.ContainsKey(last), operations);
        }
        return operations;
    }

    private static void Compare(JsonNode? before, JsonNode? after, string pointer, bool present, JsonArray operations)
    {
        if (after is null && !present) return;
        if (!present)
        {
            operations.Add(Operation("add", pointer, after));
            return;
        }
        if (before is JsonObject was && after is JsonObject now)
        {
            foreach (var (key, value) in now)
                Compare(was[key], value, $"{pointer}/{Escape(key)}", was.ContainsKey(key), operations);
            return;
        }
        if (after is not null && !JsonNode.DeepEquals(before, after))
            operations.Add(Operation("replace", pointer, after));
    }

    private static JsonObject Operation(string op, string pointer, JsonNode? value) =>
        new() { ["op"] = op, ["path"] = pointer, ["value"] = value?.DeepClone() };

    // RFC 6901: '~' and '/' in a member name ("eventing.knative.dev/broker.class").
    private static string Escape(string member) => member.Replace("~", "~0").Replace("/", "~1");
}
