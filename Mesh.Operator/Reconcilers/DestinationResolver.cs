using Mesh.Grains.Delivery;
using Mesh.Grains.Egress;
using Mesh.Operator.Resources;
using Mesh.Operator.Store;

namespace Mesh.Operator.Reconcilers;

/// <summary>The outcome of resolving a destination: a URI, or why there is none yet.</summary>
public sealed record Resolution(Uri? Uri, string? Reason = null, string? Message = null)
{
    public bool Resolved => Uri is not null;

    /// <summary>The destination's audience and CACerts: its own, else those of the object its ref names.</summary>
    public DestinationAuth? Auth { get; init; }
}

/// <summary>
/// Resolves Knative destinations by duck typing: a ref names any object whose status has
/// <c>address.url</c>; a relative uri is resolved against it (RFC 3986).
/// </summary>
public sealed class DestinationResolver(DeclarationStore store, IServiceProvider services, EgressPolicy egress)
{
    // Looked up lazily: the registry holds the reconcilers, and they hold this resolver.
    private KindRegistry? _kinds;
    private KindRegistry kinds => _kinds ??= (KindRegistry)services.GetService(typeof(KindRegistry))!;

    public async Task<Resolution> ResolveAsync(JsonNode? node, string defaultNamespace)
    {
        var resolution = await ResolveAddressAsync(node, defaultNamespace);
        if (!resolution.Resolved) return resolution;
        // Security (issue 11): a destination the egress policy refuses is never resolved, so nothing is delivered to it.
        var egressCheck = egress.Check(resolution.Uri!);
        if (!egressCheck.Allowed) return new(null, "DestinationForbidden", $"{egressCheck.Reason} (see Mesh:Egress in docs/security.md)");
        var destination = (JsonObject)node!;
        return resolution with
        {
            Auth = DestinationAuth.Of(
                Destinations.Text(destination["audience"]) ?? resolution.Auth?.Audience,
                Destinations.Text(destination["CACerts"]) ?? resolution.Auth?.CACerts),
        };
    }

    private async Task<Resolution> ResolveAddressAsync(JsonNode? node, string defaultNamespace)
    {
        if (node is not JsonObject destination) return new(null, "DestinationMissing", "no destination is declared");
        var uriText = Destinations.Text(destination["uri"]);
        if (destination["ref"] is not JsonObject reference)
            return Uri.TryCreate(uriText, UriKind.Absolute, out var absolute)
                ? new(absolute)
                : new(null, "InvalidURI", $"'{uriText}' is not an absolute URI");

        var baseUri = await AddressOfAsync(reference, defaultNamespace);
        if (!baseUri.Resolved || uriText is null) return baseUri;
        return Uri.TryCreate(baseUri.Uri, uriText, out var combined)
            ? baseUri with { Uri = combined }
            : new(null, "InvalidURI", $"'{uriText}' cannot be resolved against {baseUri.Uri}");
    }

    /// <summary>
    /// Resolves a declared dead-letter sink, recording <c>DeadLetterSinkResolved</c> and
    /// <c>status.deadLetterSinkUri</c>; null when none is declared.
    /// </summary>
    public async Task<Resolution?> ResolveDeadLetterAsync(JsonNode? deadLetterSink, string defaultNamespace, Conditions conditions, JsonObject status)
    {
        if (deadLetterSink is null) return null;
        var resolution = await ResolveAsync(deadLetterSink, defaultNamespace);
        conditions.Set("DeadLetterSinkResolved", resolution.Resolved, resolution.Reason ?? "DeadLetterSinkResolved", resolution.Message);
        if (resolution.Resolved) status["deadLetterSinkUri"] = resolution.Uri!.ToString();
        if (resolution.Auth?.Audience is { } audience) status["deadLetterSinkAudience"] = audience;
        if (resolution.Auth?.CACerts is { } caCerts) status["deadLetterSinkCACerts"] = caCerts;
        return resolution;
    }

    /// <summary>The key of the object a destination's ref names, for dependency tracking.</summary>
    public ObjectKey? Target(JsonNode? node, string defaultNamespace)
    {
        if (node is not JsonObject { } destination || destination["ref"] is not JsonObject reference) return null;
        var kind = kinds.ByReference(Destinations.Text(reference["apiVersion"]) ?? "", Destinations.Text(reference["kind"]) ?? "");
        var name = Destinations.Text(reference["name"]);
        if (kind is null || name is null) return null;
        return new ObjectKey(kind.Kind, Destinations.Text(reference["namespace"]) ?? defaultNamespace, name);
    }

    private async Task<Resolution> AddressOfAsync(JsonObject reference, string defaultNamespace)
    {
        var apiVersion = Destinations.Text(reference["apiVersion"]) ?? "";
        var kindName = Destinations.Text(reference["kind"]) ?? "";
        var name = Destinations.Text(reference["name"]) ?? "";
        var ns = Destinations.Text(reference["namespace"]) ?? defaultNamespace;

        // A Kubernetes Service is addressable by its cluster DNS name; there is nothing to look up.
        if (apiVersion == "v1" && kindName == KnativeKinds.Service.Kind)
            return new(new Uri($"http://{name}.{ns}.svc.cluster.local"));

        var kind = kinds.ByReference(apiVersion, kindName);
        if (kind is null)
            return new(null, "UnknownKind", $"{kindName} ({apiVersion}) is not a kind this mesh knows");
        var target = await store.GetAsync(new ObjectKey(kind.Kind, ns, name));
        if (target is null)
            return new(null, "DestinationNotFound", $"{kindName} {ns}/{name} does not exist");
        var url = Destinations.Text(target.Status["address"]?["url"]);
        return url is not null && Uri.TryCreate(url, UriKind.Absolute, out var address)
            ? new(address) { Auth = DestinationAuth.Of(Destinations.Text(target.Status["address"]?["audience"]), Destinations.Text(target.Status["address"]?["CACerts"])) }
            : new(null, "DestinationNotAddressable", $"{kindName} {ns}/{name} has no status.address.url yet");
    }
}
