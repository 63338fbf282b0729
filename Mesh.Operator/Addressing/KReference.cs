using Mesh.Operator.Resources;

namespace Mesh.Operator.Addressing;

/// <summary>Knative's KReference: an object named by apiVersion, kind, name and, optionally, namespace.</summary>
public sealed record KReference(string ApiVersion, string Kind, string Name, string? Namespace = null)
{
    /// <summary>The API group: the part of apiVersion before the slash, empty for core kinds.</summary>
    public string Group => ApiVersion.Contains('/') ? ApiVersion[..ApiVersion.IndexOf('/')] : "";

    public static KReference To(ResourceKind kind, string @namespace, string name) => new(kind.ApiVersion, kind.Kind, name, @namespace);

    /// <summary>Whether this names an object of <paramref name="kind"/> (the version is not compared, as Kubernetes converts between versions).</summary>
    public bool IsA(ResourceKind kind) => Group == kind.Group && Kind == kind.Kind;

    /// <summary>Reads <c>{apiVersion, kind, name, namespace}</c>; null when a required field is missing, each one named.</summary>
    public static KReference? Parse(FieldReader reference)
    {
        var apiVersion = NonEmpty(reference, "apiVersion");
        var kind = NonEmpty(reference, "kind");
        var name = NonEmpty(reference, "name");
        var @namespace = reference.String("namespace");
        return apiVersion is null || kind is null || name is null ? null : new KReference(apiVersion, kind, name, @namespace is { Length: > 0 } ? @namespace : null);
    }

    public JsonObject ToJson()
    {
        var json = new JsonObject { ["apiVersion"] = ApiVersion, ["kind"] = Kind, ["name"] = Name };
        if (Namespace is not null) json["namespace"] = Namespace;
        return json;
    }

    private static string? NonEmpty(FieldReader reference, string field)
    {
        var text = reference.String(field, $"{field} is required");
        if (text is { Length: 0 }) reference.Fail(field, $"{field} is required");
        return text is { Length: > 0 } ? text : null;
    }
}
