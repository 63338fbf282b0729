using System.Text.Json;

namespace Mesh.Tests.Deploy;

/// <summary>
/// The subset of OpenAPI v3 that the CRDs use, checked the way the API server does: type,
/// properties, required, items, enum, additionalProperties, minimum, minLength, minItems and
/// x-kubernetes-preserve-unknown-fields. A field the schema does not name is an error here
/// (the API server would silently prune it, which is worse for a sample).
/// </summary>
public static class OpenApiSchema
{
    private const string PreserveUnknown = "x-kubernetes-preserve-unknown-fields";

    public static IReadOnlyList<string> Validate(JsonNode? value, JsonObject schema, string path = "")
    {
        var errors = new List<string>();
        Check(value, schema, path, errors);
        return errors;
    }

    /// <summary>What makes a schema non-structural: a node without a type, an object or array that says nothing of its content.</summary>
    public static IReadOnlyList<string> StructuralProblems(JsonObject schema, string path = "")
    {
        var problems = new List<string>();
        Structural(schema, path, problems);
        return problems;
    }

    private static void Check(JsonNode? value, JsonObject schema, string path, List<string> errors)
    {
        var type = (string?)schema["type"];
        if (value is null)
        {
            if (schema["nullable"]?.GetValue<bool>() != true) errors.Add($"{Name(path)}: null is not allowed");
            return;
        }
        if (type is not null && !HasType(value, type))
        {
            errors.Add($"{Name(path)}: expected {type}, got {value.GetValueKind()}");
            return;
        }
        if (schema["enum"] is JsonArray choices && !choices.Any(c => JsonNode.DeepEquals(c, value)))
            errors.Add($"{Name(path)}: {value.ToJsonString()} is not one of {choices.ToJsonString()}");
        if (schema["minimum"] is { } min && Number(value) < Number(min))
            errors.Add($"{Name(path)}: below the minimum {min}");
        if (schema["minLength"] is { } minLength && value.GetValue<string>().Length < Number(minLength))
            errors.Add($"{Name(path)}: shorter than {minLength}");
        if (value is JsonArray array)
        {
            if (schema["minItems"] is { } minItems && array.Count < Number(minItems))
                errors.Add($"{Name(path)}: fewer than {minItems} items");
            if (schema["items"] is JsonObject items)
                for (var i = 0; i < array.Count; i++) Check(array[i], items, $"{path}[{i}]", errors);
        }
        if (value is JsonObject obj) CheckObject(obj, schema, path, errors);
    }

    private static void CheckObject(JsonObject obj, JsonObject schema, string path, List<string> errors)
    {
        foreach (var required in (schema["required"] as JsonArray ?? []).Select(r => (string)r!))
            if (!obj.ContainsKey(required)) errors.Add($"{Name(Join(path, required))}: required");
        var properties = schema["properties"] as JsonObject;
        var open = schema[PreserveUnknown]?.GetValue<bool>() == true;
        foreach (var (name, child) in obj)
        {
            if (properties?[name] is JsonObject propertySchema) Check(child, propertySchema, Join(path, name), errors);
            else if (schema["additionalProperties"] is JsonObject additional) Check(child, additional, Join(path, name), errors);
            else if (!open && (properties is not null || path.Length == 0)) errors.Add($"{Name(Join(path, name))}: unknown field");
        }
    }

    private static void Structural(JsonObject schema, string path, List<string> problems)
    {
        var open = schema[PreserveUnknown]?.GetValue<bool>() == true;
        switch ((string?)schema["type"])
        {
            case null:
                problems.Add($"{Name(path)}: no type");
                break;
            case "object":
                var properties = schema["properties"] as JsonObject;
                var additional = schema["additionalProperties"] as JsonObject;
                if (properties is not null && additional is not null)
                    problems.Add($"{Name(path)}: both properties and additionalProperties");
                // metadata is the one object the API server itself defines.
                if (properties is null && additional is null && !open && path != "metadata")
                    problems.Add($"{Name(path)}: an object without properties, additionalProperties or {PreserveUnknown}");
                foreach (var (name, child) in properties ?? []) Structural(child!.AsObject(), Join(path, name), problems);
                if (additional is not null) Structural(additional, path + "{}", problems);
                break;
            case "array":
                if (schema["items"] is JsonObject items) Structural(items, path + "[]", problems);
                else problems.Add($"{Name(path)}: an array without items");
                break;
        }
    }

    private static bool HasType(JsonNode value, string type) => (type, value.GetValueKind()) switch
    {
        ("object", JsonValueKind.Object) => true,
        ("array", JsonValueKind.Array) => true,
        ("string", JsonValueKind.String) => true,
        ("boolean", JsonValueKind.True or JsonValueKind.False) => true,
        ("number", JsonValueKind.Number) => true,
        ("integer", JsonValueKind.Number) => value.AsValue().TryGetValue<long>(out _),
        _ => false,
    };

    private static double Number(JsonNode node) => double.Parse(node.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture);

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    private static string Name(string path) => path.Length == 0 ? "(root)" : path;
}
