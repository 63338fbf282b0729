using Mesh.Grains.Delivery;
using Mesh.Operator.Kinds;
using Mesh.Operator.Kubernetes;
using Mesh.Operator.Resources;
using Mesh.Operator.Store;
using Microsoft.Extensions.Options;

namespace Mesh.Operator.Addressing;

/// <summary>
/// The mesh's own objects: a ref to any served kind resolves to the object's <c>status.address.url</c>.
/// A stored-only kind (a Knative Service in local mode) is read as any addressable, its Ready
/// condition gating it; in Kubernetes mode the cluster answers for those kinds instead.
/// </summary>
/// <remarks>The registry is reached lazily: it holds the kinds, whose reconcilers hold the resolver that holds this.</remarks>
public sealed class DeclaredAddressables(DeclarationStore store, Lazy<KindRegistry> kinds, IOptions<OperatorModeOptions> mode) : IAddressables
{
    public async Task<Resolution?> AddressOfAsync(KReference reference, string @namespace)
    {
        if (Known(reference) is not { } kind) return null;
        var target = await store.GetAsync(new ObjectKey(kind.Kind, @namespace, reference.Name));
        if (target is null)
            return Resolution.Unresolved("NotFound", $"{reference.Kind} {@namespace}/{reference.Name} does not exist");
        if (kind.IsStoredOnly) return AddressableStatus.Resolve(target.Status, $"{reference.Kind} {@namespace}/{reference.Name}");
        return FieldReader.TextOf(target.Status["address"]?["url"]) is { } url && Uri.TryCreate(url, UriKind.Absolute, out var address)
            ? new Resolution(address) { Auth = AuthOf(target.Status["address"]) }
            : Resolution.Unresolved("DestinationNotAddressable", $"{reference.Kind} {@namespace}/{reference.Name} has no status.address.url yet");
    }

    /// <summary>What an addressable's <c>status.address</c> says a sender needs: the audience of its token, the CAs of its TLS.</summary>
    public static DestinationAuth? AuthOf(JsonNode? address) =>
        DestinationAuth.Of(FieldReader.TextOf(address?["audience"]), FieldReader.TextOf(address?["CACerts"]));

    public ObjectKey? KeyOf(KReference reference, string @namespace) =>
        Known(reference) is { } kind ? new ObjectKey(kind.Kind, @namespace, reference.Name) : null;

    private IKindDefinition? Known(KReference reference) =>
        kinds.Value.ByReference(reference.ApiVersion, reference.Kind) is { } kind
        && !(kind.IsStoredOnly && mode.Value.Mode == OperatorMode.Kubernetes) ? kind : null;
}
