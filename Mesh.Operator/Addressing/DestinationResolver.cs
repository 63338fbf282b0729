using Mesh.Grains.Delivery;
using Mesh.Grains.Egress;
using Mesh.Operator.Resources;

namespace Mesh.Operator.Addressing;

/// <summary>
/// Resolves Knative destinations by duck typing: a ref names any object an <see cref="IAddressables"/>
/// knows; a relative uri is resolved against its address (RFC 3986); a uri alone must be absolute.
/// A destination the egress policy forbids is never resolved, so nothing is ever delivered to it.
/// </summary>
public sealed class DestinationResolver(IEnumerable<IAddressables> addressables, EgressPolicy egress)
{
    private readonly IAddressables[] _addressables = [.. addressables];

    public async Task<Resolution> ResolveAsync(Destination? destination, string defaultNamespace)
    {
        var resolution = await ResolveAddressAsync(destination, defaultNamespace);
        if (!resolution.Resolved) return resolution;
        // Security (issue 11): the mesh never calls an address its egress policy forbids.
        var egressCheck = egress.Check(resolution.Uri!);
        if (!egressCheck.Allowed)
            return Resolution.Unresolved("DestinationForbidden", $"{egressCheck.Reason} (see Mesh:Egress in docs/security.md)");
        return resolution with
        {
            Auth = DestinationAuth.Of(destination!.Audience ?? resolution.Auth?.Audience, destination.CACerts ?? resolution.Auth?.CACerts),
        };
    }

    /// <summary>The declaration a destination's ref names, for dependency tracking.</summary>
    public ObjectKey? Target(Destination? destination, string defaultNamespace) =>
        destination?.Ref is { } reference
            ? _addressables.Select(a => a.KeyOf(reference, reference.Namespace ?? defaultNamespace)).FirstOrDefault(k => k is not null)
            : null;

    private async Task<Resolution> ResolveAddressAsync(Destination? destination, string defaultNamespace)
    {
        if (destination is null) return Resolution.Unresolved("DestinationMissing", "no destination is declared");
        if (destination.Ref is not { } reference)
            return Uri.TryCreate(destination.Uri, UriKind.Absolute, out var absolute)
                ? new Resolution(absolute)
                : Resolution.Unresolved("InvalidURI", $"'{destination.Uri}' is not an absolute URI");

        var baseUri = await AddressOfAsync(reference, reference.Namespace ?? defaultNamespace);
        if (!baseUri.Resolved || destination.Uri is null) return baseUri;
        return Uri.TryCreate(baseUri.Uri, destination.Uri, out var combined)
            ? baseUri with { Uri = combined }
            : Resolution.Unresolved("InvalidURI", $"'{destination.Uri}' cannot be resolved against {baseUri.Uri}");
    }

    private async Task<Resolution> AddressOfAsync(KReference reference, string @namespace)
    {
        foreach (var source in _addressables)
            if (await source.AddressOfAsync(reference, @namespace) is { } resolution)
                return resolution;
        return Resolution.Unresolved("UnknownKind", $"{reference.Kind} ({reference.ApiVersion}) is not a kind this mesh knows");
    }
}
