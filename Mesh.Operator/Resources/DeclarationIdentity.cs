using System.Text.RegularExpressions;
using Mesh.Operator.Auth.Rbac;

namespace Mesh.Operator.Resources;

/// <summary>What every applied object must be, whatever its kind: named as its path says, with Kubernetes' metadata rules.</summary>
public static partial class DeclarationIdentity
{
    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex DnsLabel();

    /// <summary>Checks that the body names the same kind, name and namespace as the path, and that they are valid names.</summary>
    public static void Check(ResourceKind kind, string @namespace, string name, JsonObject body, FieldErrors errors)
    {
        if (FieldReader.TextOf(body["apiVersion"]) is { } apiVersion && apiVersion != kind.ApiVersion)
            errors.Add("apiVersion", $"'{apiVersion}' does not match the path's {kind.ApiVersion}");
        if (FieldReader.TextOf(body["kind"]) is { } k && k != kind.Kind)
            errors.Add("kind", $"'{k}' does not match the path's kind {kind.Kind}");
        if (body["kind"] is null) errors.Add("kind", "kind is required");
        if (body["metadata"] is { } m && m is not JsonObject) errors.Add("metadata", "metadata must be an object");
        var metadata = body["metadata"] as JsonObject;
        if (FieldReader.TextOf(metadata?["name"]) is { } declaredName && declaredName != name)
            errors.Add("metadata.name", $"'{declaredName}' does not match the name in the path, '{name}'");
        if (!kind.Namespaced && FieldReader.TextOf(metadata?["namespace"]) is { Length: > 0 } clusterNs)
            errors.Add("metadata.namespace", $"'{clusterNs}' is not allowed: {kind.Kind} is cluster-scoped");
        else if (FieldReader.TextOf(metadata?["namespace"]) is { } declaredNs && declaredNs != @namespace)
            errors.Add("metadata.namespace", $"'{declaredNs}' does not match the namespace in the path, '{@namespace}'");
        if (RbacKinds.Contains(kind))
        {
            // RBAC names are path segments in Kubernetes (system:discovery), not DNS labels.
            if (name.Length is 0 or > 253 || name is "." or ".." || name.IndexOfAny(['/', '%']) >= 0)
                errors.Add("metadata.name", $"'{name}' must be a path segment: no '/' or '%', not '.' or '..', at most 253 characters");
        }
        else if (!DnsLabel().IsMatch(name) || name.Length > 63)
        {
            errors.Add("metadata.name", $"'{name}' must be a DNS label: lower-case letters, digits and '-', at most 63 characters");
        }
        if (kind.Namespaced && (!DnsLabel().IsMatch(@namespace) || @namespace.Length > 63))
            errors.Add("metadata.namespace", $"'{@namespace}' must be a DNS label");
    }

    /// <summary>
    /// The body as its kind admits it: a copy whose metadata has the path's name and namespace (none
    /// for a cluster-scoped kind), and keeps only what a declaration sets (labels and annotations); the
    /// rest is the store's.
    /// </summary>
    public static JsonObject Named(JsonObject body, string @namespace, string name)
    {
        var named = (JsonObject)body.DeepClone();
        var declared = body["metadata"] as JsonObject;
        var metadata = new JsonObject { ["name"] = name };
        if (@namespace.Length > 0) metadata["namespace"] = @namespace;
        foreach (var field in new[] { "labels", "annotations" })
            if (declared?[field] is JsonObject map) metadata[field] = map.DeepClone();
        named["metadata"] = metadata;
        return named;
    }

    /// <summary>
    /// The stored metadata of an admitted object: name, namespace, uid and creation time kept from the
    /// previous version, generation bumped only when the spec changed, labels and annotations as admitted.
    /// </summary>
    public static JsonObject MergeMetadata(Declaration? previous, JsonObject admitted, string @namespace, string name, JsonObject spec, DateTimeOffset now)
    {
        var specChanged = previous is null || !JsonNode.DeepEquals(previous.Spec, spec);
        var metadata = new JsonObject
        {
            ["name"] = name,
            ["uid"] = previous?.Metadata["uid"]?.DeepClone() ?? Guid.NewGuid().ToString(),
            ["generation"] = (previous?.Generation ?? 0) + (specChanged ? 1 : 0),
            ["creationTimestamp"] = previous?.Metadata["creationTimestamp"]?.DeepClone() ?? now.ToString("yyyy-MM-ddTHH:mm:ssZ"),
        };
        // Cluster-scoped objects (ClusterRoles) have no namespace, as in Kubernetes.
        if (@namespace.Length > 0) metadata.Insert(1, "namespace", @namespace);
        foreach (var field in new[] { "labels", "annotations" })
            if (admitted[field] is JsonObject map) metadata[field] = map.DeepClone();
        return metadata;
    }
}
