using Mesh.Grains.Delivery;
using Mesh.Operator.Kinds;
using Mesh.Operator.Resources;
using Mesh.Operator.Store;

namespace Mesh.Operator.Addressing;

/// <summary>The mesh's own objects: a ref to any served kind resolves to the object's <c>status.address.url</c>.</summary>
/// <remarks>The registry is reached lazily: it holds the kinds, whose reconcilers hold the resolver that holds this.</remarks>
public sealed class DeclaredAddressables(DeclarationStore store, Lazy<KindRegistry> kinds) : IAddressables
{
    public async Task<Resolution?> AddressOfAsync(KReference reference, string @namespace)
    {
        if (KeyOf(reference, @namespace) is not { } key) return null;
        var target = await store.GetAsync(key);
        if (target is null)
            return Resolution.Unresolved("DestinationNotFound", $"{reference.Kind} {@namespace}/{reference.Name} does not exist");
        return FieldReader.TextOf(target.Status["address"]?["url"]) is { } url && Uri.TryCreate(url, UriKind.Absolute, out var address)
            ? new Resolution(address) { Auth = AuthOf(target.Status["address"]) }
            : Resolution.Unresolved("DestinationNotAddressable", $"{reference.Kind} {@namespace}/{reference.Name} has no status.address.url yet");
    }

    /// <summary>What an addressable's <c>status.address</c> says a sender needs: the audience of its token, the CAs of its TLS.</summary>
    public static DestinationAuth? AuthOf(JsonNode? address) =>
        DestinationAuth.Of(FieldReader.TextOf(address?["audience"]), FieldReader.TextOf(address?["CACerts"]));

    public ObjectKey? KeyOf(KReference reference, string @namespace) =>
        kinds.Value.ByReference(reference.ApiVersion, reference.Kind) is { } kind ? new ObjectKey(kind.Kind, @namespace, reference.Name) : null;
}
