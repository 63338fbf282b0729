namespace Mesh.Operator.Resources;

/// <summary>
/// Reads one JSON object of a declaration into typed values. A field that is missing when required,
/// or of the wrong type, is recorded as an error naming its full path (<c>spec.subscriber.ref.name</c>),
/// so that one parse reports every fault at once.
/// </summary>
public readonly struct FieldReader(JsonObject obj, string path, FieldErrors errors)
{
    public JsonObject Json => obj;

    /// <summary>This object's own path; empty for a document's top level.</summary>
    public string Path => path;

    public FieldErrors Errors => errors;

    /// <summary>The path of one of this object's fields.</summary>
    public string PathOf(string field) => path.Length == 0 ? field : $"{path}.{field}";

    public bool Has(string field) => obj[field] is not null;

    public JsonNode? this[string field] => obj[field];

    public void Fail(string field, string message) => errors.Add(PathOf(field), message);

    /// <summary>A string field; null when absent (an error if <paramref name="required"/> says why it is needed) or not a string (an error).</summary>
    public string? String(string field, string? required = null)
    {
        if (obj[field] is not { } node)
        {
            if (required is not null) Fail(field, required);
            return null;
        }
        if (TextOf(node) is { } text) return text;
        Fail(field, $"{field} must be a string");
        return null;
    }

    /// <summary>A nested object; null when absent (an error if <paramref name="required"/> says why) or not an object (<paramref name="notAnObject"/>).</summary>
    public FieldReader? Object(string field, string notAnObject, string? required = null) =>
        At(obj[field], PathOf(field), errors, notAnObject, required);

    /// <summary>A list field; null when absent (an error if <paramref name="required"/> says why) or not a list (<paramref name="notAList"/>).</summary>
    public JsonArray? List(string field, string notAList, string? required = null)
    {
        switch (obj[field])
        {
            case null:
                if (required is not null) Fail(field, required);
                return null;
            case JsonArray list:
                return list;
            default:
                Fail(field, notAList);
                return null;
        }
    }

    /// <summary>Reads <paramref name="node"/> as an object at <paramref name="path"/> (a list item, a document's spec).</summary>
    public static FieldReader? At(JsonNode? node, string path, FieldErrors errors, string notAnObject, string? required = null)
    {
        switch (node)
        {
            case null:
                if (required is not null) errors.Add(path, required);
                return null;
            case JsonObject o:
                return new FieldReader(o, path, errors);
            default:
                errors.Add(path, notAnObject);
                return null;
        }
    }

    /// <summary>A node's value when it is a whole JSON number (written as one, or a YAML float such as 2.5e3 that is one), else null.</summary>
    public static long? IntegerOf(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.Number
            && long.TryParse(v.ToJsonString(), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var n)
            ? n : null;

    /// <summary>A node's text when it is a JSON string, else null.</summary>
    public static string? TextOf(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
}
