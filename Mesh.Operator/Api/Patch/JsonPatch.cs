namespace Mesh.Operator.Api.Patch;

/// <summary>
/// JSON patch (RFC 6902, <c>application/json-patch+json</c>): a list of operations (add, remove,
/// replace, move, copy, test) applied in order to a copy of the document; the first that fails
/// fails the whole patch, so nothing of it applies.
/// </summary>
public sealed class JsonPatch
{
    private readonly IReadOnlyList<Operation> _operations;

    private JsonPatch(IReadOnlyList<Operation> operations) => _operations = operations;

    /// <exception cref="FormatException">The body is not a list of well-formed operations (400).</exception>
    public static JsonPatch Parse(JsonNode? body)
    {
        if (body is not JsonArray list) throw new FormatException("a JSON patch must be a list of operations");
        var operations = new List<Operation>();
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is not JsonObject item) throw new FormatException($"operation {i} must be an object");
            var op = Text(item, "op", i);
            if (op is not ("add" or "remove" or "replace" or "move" or "copy" or "test"))
                throw new FormatException($"operation {i}: unknown op '{op}' (add, remove, replace, move, copy or test)");
            var path = JsonPointer.Parse(Text(item, "path", i));
            var from = op is "move" or "copy" ? JsonPointer.Parse(Text(item, "from", i)) : null;
            if (op is "add" or "replace" or "test" && !item.ContainsKey("value")) throw new FormatException($"operation {i} ({op}) needs a value");
            operations.Add(new Operation(op, path, from, item["value"]?.DeepClone()));
        }
        return new JsonPatch(operations);
    }

    /// <summary>The paths the operations test, so that a caller can refuse tests of what must stay unread.</summary>
    public IEnumerable<JsonPointer> TestedPaths => _operations.Where(o => o.Op == "test").Select(o => o.Path);

    /// <returns>The patched copy; <paramref name="document"/> is left as it was.</returns>
    /// <exception cref="PatchException">An operation does not apply (422).</exception>
    public JsonNode? Apply(JsonNode? document)
    {
        var root = document?.DeepClone();
        foreach (var operation in _operations)
        {
            root = operation.Op switch
            {
                "add" => Add(root, operation.Path, operation.Value?.DeepClone()),
                "remove" => Remove(root, operation.Path, out _),
                "replace" => Add(Remove(root, operation.Path, out _), operation.Path, operation.Value?.DeepClone()),
                "move" => Move(root, operation),
                "copy" => Add(root, operation.Path, operation.From!.Resolve(root)?.DeepClone()),
                _ => Test(root, operation),
            };
        }
        return root;
    }

    private static JsonNode? Move(JsonNode? root, Operation operation)
    {
        if (operation.Path.Text.StartsWith(operation.From!.Text + "/", StringComparison.Ordinal))
            throw new PatchException($"move: '{operation.From.Text}' cannot be moved into itself ('{operation.Path.Text}')");
        root = Remove(root, operation.From, out var moved);
        return Add(root, operation.Path, moved);
    }

    private static JsonNode? Test(JsonNode? root, Operation operation)
    {
        if (!JsonNode.DeepEquals(operation.Path.Resolve(root), operation.Value))
            throw new PatchException($"test: the value at '{operation.Path.Text}' is not the value the patch expects");
        return root;
    }

    private static JsonNode? Add(JsonNode? root, JsonPointer path, JsonNode? value)
    {
        if (path.IsRoot) return value;
        var (parent, last) = path.Parent(root!);
        switch (parent)
        {
            case JsonObject obj:
                obj[last] = value;
                break;
            case JsonArray array:
                array.Insert(path.Index(last, array.Count, mayAppend: true), value);
                break;
            default:
                throw new PatchException($"add: the parent of '{path.Text}' is not an object or array");
        }
        return root;
    }

    private static JsonNode? Remove(JsonNode? root, JsonPointer path, out JsonNode? removed)
    {
        if (path.IsRoot)
        {
            removed = root;
            return null;
        }
        var (parent, last) = path.Parent(root!);
        switch (parent)
        {
            case JsonObject obj when obj.ContainsKey(last):
                removed = obj[last];
                obj.Remove(last);
                break;
            case JsonArray array:
                var index = path.Index(last, array.Count, mayAppend: false);
                removed = array[index];
                array.RemoveAt(index);
                break;
            default:
                throw new PatchException($"'{path.Text}' does not exist in the object");
        }
        return root;
    }

    private static string Text(JsonObject item, string field, int index) =>
        item[field] is JsonValue value && value.TryGetValue<string>(out var text)
            ? text
            : throw new FormatException($"operation {index} needs '{field}' as a string");

    private sealed record Operation(string Op, JsonPointer Path, JsonPointer? From, JsonNode? Value);
}
