namespace Mesh.Operator.Kinds.ApiServerSource;

/// <summary><c>spec.owner</c>: only objects with an owner reference of this apiVersion and kind (either may be left out) are sent.</summary>
public sealed record ApiServerOwner(string? ApiVersion, string? Kind)
{
    public bool Owns(JsonObject obj) =>
        (obj["metadata"]?["ownerReferences"] as JsonArray ?? []).OfType<JsonObject>().Any(o =>
            (ApiVersion is null || (string?)o["apiVersion"] == ApiVersion) && (Kind is null || (string?)o["kind"] == Kind));
}
