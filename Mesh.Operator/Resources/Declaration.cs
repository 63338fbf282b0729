namespace Mesh.Operator.Resources;

/// <summary>A declared object: apiVersion, kind, metadata and spec as JSON, plus its observed status.</summary>
public sealed class Declaration
{
    public Declaration(ResourceKind kind, JsonObject obj, JsonObject? status)
    {
        Kind = kind;
        Object = obj;
        Status = status ?? [];
    }

    public ResourceKind Kind { get; }

    /// <summary>The object without status.</summary>
    public JsonObject Object { get; }

    public JsonObject Status { get; set; }

    /// <summary>
    /// The store's version of the object and status (0 when not read from the store, or stored before
    /// versions existed); answered as <c>metadata.resourceVersion</c>, never part of <see cref="Object"/>.
    /// </summary>
    public long ResourceVersion { get; init; }

    public JsonObject Metadata => Object["metadata"] as JsonObject ?? throw new InvalidOperationException("object has no metadata");
    public JsonObject Spec => Object["spec"] as JsonObject ?? [];
    public string Name => (string)Metadata["name"]!;
    /// <summary>The object's namespace; empty for a cluster-scoped kind.</summary>
    public string Namespace => (string?)Metadata["namespace"] ?? "";
    public long Generation => Metadata["generation"]?.GetValue<long>() ?? 0;
    public ObjectKey Key => new(Kind, Namespace, Name);

    /// <summary>The object as the API answers it: with its status.</summary>
    public JsonObject ToJson()
    {
        var copy = (JsonObject)Object.DeepClone();
        copy["metadata"] = PresentedMetadata();
        copy["status"] = Status.DeepClone();
        return copy;
    }

    /// <summary>A copy of the metadata as the API answers it: with <c>resourceVersion</c>.</summary>
    public JsonObject PresentedMetadata()
    {
        var metadata = (JsonObject)Metadata.DeepClone();
        if (ResourceVersion > 0) metadata["resourceVersion"] = ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return metadata;
    }
}
