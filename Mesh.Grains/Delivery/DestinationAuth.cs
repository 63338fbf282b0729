namespace Mesh.Grains.Delivery;

/// <summary>
/// What a resolved destination says about authentication, as Knative's addressable does: the
/// <c>audience</c> of the bearer token it expects, and the <c>CACerts</c> (PEM) its TLS certificate
/// must chain to.
/// </summary>
[GenerateSerializer, Immutable, Alias("mesh.destination-auth")]
public sealed record DestinationAuth(
    [property: Id(0)] string? Audience,
    [property: Id(1)] string? CACerts)
{
    /// <summary>Null when neither is set, so that specs without either compare equal to older ones.</summary>
    public static DestinationAuth? Of(string? audience, string? caCerts) =>
        string.IsNullOrEmpty(audience) && string.IsNullOrEmpty(caCerts) ? null : new(NullIfEmpty(audience), NullIfEmpty(caCerts));

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    // CA bundles are long; a spec printed in a log shows only that there is one.
    public override string ToString() => $"DestinationAuth(audience {Audience ?? "none"}, {(CACerts is null ? "no CACerts" : "CACerts")})";
}
