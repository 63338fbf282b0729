using Mesh.Operator.Addressing;
using Mesh.Operator.Delivery;
using Mesh.Operator.Resources;
using Mesh.Operator.Sources;

namespace Mesh.Operator.Kinds.ApiServerSource;

/// <summary>
/// An ApiServerSource as declared: the kinds to watch (with label selectors), whether events carry
/// the whole object (<c>Resource</c>) or a reference to it (<c>Reference</c>), an optional owner
/// filter, the ServiceAccount whose permissions gate the watch, and the sink. <c>delivery</c> is the
/// mesh's addition (Knative's ApiServerSource has none): retries and a dead-letter sink.
/// </summary>
public sealed record ApiServerSourceDeclaration(
    IReadOnlyList<ApiServerResource> Resources,
    string Mode,
    ApiServerOwner? Owner,
    string ServiceAccountName,
    Destination Sink,
    CeOverrides CeOverrides,
    DeliveryDeclaration? Delivery) : IDeclarationSpec<ApiServerSourceDeclaration>
{
    public const string ReferenceMode = "Reference";
    public const string ResourceMode = "Resource";

    public static ApiServerSourceDeclaration? Parse(FieldReader spec, JsonObject metadata)
    {
        var before = spec.Errors.Count;
        var resources = new List<ApiServerResource>();
        if (spec.List("resources", "resources must be a list", "resources is required: at least one kind to watch") is { } list)
        {
            if (list.Count == 0) spec.Fail("resources", "resources must name at least one kind to watch");
            for (var i = 0; i < list.Count; i++)
                if (FieldReader.At(list[i], $"{spec.PathOf("resources")}[{i}]", spec.Errors, "a resource must be an object") is { } item
                    && ApiServerResource.Parse(item) is { } resource)
                    resources.Add(resource);
        }
        var mode = spec.String("mode") ?? ReferenceMode;
        if (mode is not (ReferenceMode or ResourceMode)) spec.Fail("mode", $"mode must be {ReferenceMode} or {ResourceMode}");
        var owner = spec.Object("owner", "owner must be an object") is { } o ? new ApiServerOwner(o.String("apiVersion"), o.String("kind")) : null;
        var serviceAccount = spec.String("serviceAccountName") ?? "default";
        if (serviceAccount.Length == 0) spec.Fail("serviceAccountName", "serviceAccountName must not be empty");
        if (spec["namespaceSelector"] is JsonObject { Count: > 0 })
            spec.Fail("namespaceSelector", "the mesh watches the source's own namespace only; namespaceSelector is not supported");
        var sink = Destination.Parse(spec["sink"], spec.PathOf("sink"), spec.Errors, required: true);
        var overrides = CeOverrides.Parse(spec["ceOverrides"], spec.PathOf("ceOverrides"), spec.Errors);
        var delivery = DeliveryDeclaration.Parse(spec["delivery"], spec.PathOf("delivery"), spec.Errors);
        return spec.Errors.Count > before ? null : new(resources, mode, owner, serviceAccount, sink!, overrides!, delivery);
    }
}
