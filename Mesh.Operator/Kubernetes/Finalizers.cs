using Mesh.Operator.Resources;

namespace Mesh.Operator.Kubernetes;

/// <summary>The mesh's finalizer on kinds whose deletion has effects outside the mesh (a GitHub webhook).</summary>
public static class Finalizers
{
    /// <summary>Knative names a kind's finalizer after the kind: <c>githubsources.sources.knative.dev</c>.</summary>
    public static string NameFor(ResourceKind kind) => $"{kind.Plural}.{kind.Group}";

    public static bool Has(JsonObject obj, string finalizer) =>
        (obj["metadata"]?["finalizers"] as JsonArray)?.Any(f => (string?)f == finalizer) == true;

    public static JsonObject With(JsonObject obj, string finalizer)
    {
        var copy = (JsonObject)obj.DeepClone();
        var list = copy["metadata"]!["finalizers"] as JsonArray ?? [];
        list.Add(finalizer);
        copy["metadata"]!["finalizers"] = list.DeepClone();
        return copy;
    }

    public static JsonObject Without(JsonObject obj, string finalizer)
    {
        var copy = (JsonObject)obj.DeepClone();
        var rest = (copy["metadata"]!["finalizers"] as JsonArray ?? []).Where(f => (string?)f != finalizer).Select(f => f!.DeepClone());
        copy["metadata"]!["finalizers"] = new JsonArray([.. rest]);
        return copy;
    }
}
