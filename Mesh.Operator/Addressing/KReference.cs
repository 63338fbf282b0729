namespace Mesh.Operator.Resources;

/// <summary>Builds the JSON shapes composites use to point at the objects they own.</summary>
public static class References
{
    /// <summary>A Knative KReference: <c>{apiVersion, kind, name, namespace}</c>.</summary>
    public static JsonObject To(ResourceKind kind, string @namespace, string name) => new()
    {
        ["apiVersion"] = kind.ApiVersion,
        ["kind"] = kind.Kind,
        ["name"] = name,
        ["namespace"] = @namespace,
    };

    /// <summary>A destination naming an object by ref.</summary>
    public static JsonObject Destination(ResourceKind kind, string @namespace, string name) => new() { ["ref"] = To(kind, @namespace, name) };

    /// <summary>The readiness summary a composite reports for one owned object.</summary>
    public static JsonObject ReadyOf(Declaration? owned) => new()
    {
        ["status"] = Conditions.ReadyCondition(owned)?["status"]?.DeepClone() ?? "Unknown",
        ["message"] = Conditions.ReadyCondition(owned)?["message"]?.DeepClone(),
    };
}
