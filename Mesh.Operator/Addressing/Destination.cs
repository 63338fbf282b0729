using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Mesh.Operator.Resources;

namespace Mesh.Operator.Addressing;

/// <summary>
/// Knative's Destination: a ref to an addressable object, an absolute URI, or both (the URI then
/// relative to the object's address).
/// The destination may name the <c>audience</c> of the token it expects and the <c>CACerts</c> (PEM)
/// its TLS certificate chains to; both win over those of the object its ref names.
/// </summary>
public sealed record Destination(KReference? Ref, string? Uri, string? Audience = null, string? CACerts = null)
{
    public static Destination To(ResourceKind kind, string @namespace, string name) => new(KReference.To(kind, @namespace, name), null);

    /// <summary>Reads a destination at <paramref name="path"/>; null when absent or invalid, every fault named.</summary>
    /// <param name="required">Whether an absent destination is an error.</param>
    public static Destination? Parse(JsonNode? node, string path, FieldErrors errors, bool required)
    {
        if (FieldReader.At(node, path, errors, "a destination must be an object with ref and/or uri", required ? "a destination is required" : null) is not { } destination)
            return null;
        if (!destination.Has("ref") && !destination.Has("uri"))
        {
            errors.Add(path, "a destination needs ref or uri");
            return null;
        }
        var before = errors.Items.Count;
        var reference = destination.Object("ref", "ref must be an object") is { } r ? KReference.Parse(r) : null;
        var uri = destination.Has("uri") ? ParseUri(destination, relativeAllowed: destination.Has("ref")) : null;
        var audience = destination.Has("audience") ? ParseAudience(destination) : null;
        var caCerts = destination.Has("CACerts") ? ParseCACerts(destination) : null;
        return errors.Items.Count > before ? null : new Destination(reference, uri, audience, caCerts);
    }

    public JsonObject ToJson()
    {
        var json = new JsonObject();
        if (Ref is not null) json["ref"] = Ref.ToJson();
        if (Uri is not null) json["uri"] = Uri;
        if (Audience is not null) json["audience"] = Audience;
        if (CACerts is not null) json["CACerts"] = CACerts;
        return json;
    }

    private static string? ParseAudience(FieldReader destination)
    {
        if (FieldReader.TextOf(destination["audience"]) is { Length: > 0 } audience) return audience;
        destination.Fail("audience", "audience must be a non-empty string: the audience of the token the destination expects");
        return null;
    }

    private static string? ParseCACerts(FieldReader destination)
    {
        if (FieldReader.TextOf(destination["CACerts"]) is not { Length: > 0 } pem)
        {
            destination.Fail("CACerts", "CACerts must be a string of PEM certificates");
            return null;
        }
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPem(pem);
        }
        catch (CryptographicException e)
        {
            destination.Fail("CACerts", $"CACerts holds a certificate that does not parse: {e.Message}");
            return null;
        }
        if (certificates.Count > 0) return pem;
        destination.Fail("CACerts", "CACerts must hold at least one PEM certificate (-----BEGIN CERTIFICATE-----)");
        return null;
    }

    private static string? ParseUri(FieldReader destination, bool relativeAllowed)
    {
        var text = FieldReader.TextOf(destination["uri"]);
        if (text is not { Length: > 0 })
            destination.Fail("uri", "uri must be a non-empty string");
        else if (!relativeAllowed && !System.Uri.TryCreate(text, UriKind.Absolute, out _))
            destination.Fail("uri", $"'{text}' is not an absolute URI; a relative uri needs a ref to resolve against");
        else if (!System.Uri.TryCreate(text, UriKind.RelativeOrAbsolute, out _))
            destination.Fail("uri", $"'{text}' is not a URI");
        else
            return text;
        return null;
    }
}
