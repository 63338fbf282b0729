using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Mesh.Operator.Resources;

/// <summary>Validation of Knative destinations: <c>{ref: {apiVersion, kind, name, namespace}, uri, audience, CACerts}</c>.</summary>
public static class Destinations
{
    public static void Validate(JsonNode? node, string path, FieldErrors errors, bool required)
    {
        if (node is null)
        {
            if (required) errors.Add(path, "a destination is required");
            return;
        }
        if (node is not JsonObject destination)
        {
            errors.Add(path, "a destination must be an object with ref and/or uri");
            return;
        }
        var reference = destination["ref"];
        var uri = destination["uri"];
        if (reference is null && uri is null)
        {
            errors.Add(path, "a destination needs ref or uri");
            return;
        }
        if (reference is not null)
        {
            if (reference is not JsonObject r)
            {
                errors.Add($"{path}.ref", "ref must be an object");
            }
            else
            {
                foreach (var field in new[] { "apiVersion", "kind", "name" })
                    if (Text(r[field]) is not { Length: > 0 }) errors.Add($"{path}.ref.{field}", $"{field} is required");
            }
        }
        if (uri is not null)
        {
            var text = Text(uri);
            if (text is not { Length: > 0 })
                errors.Add($"{path}.uri", "uri must be a non-empty string");
            else if (reference is null && !Uri.TryCreate(text, UriKind.Absolute, out _))
                errors.Add($"{path}.uri", $"'{text}' is not an absolute URI; a relative uri needs a ref to resolve against");
            else if (!Uri.TryCreate(text, UriKind.RelativeOrAbsolute, out _))
                errors.Add($"{path}.uri", $"'{text}' is not a URI");
        }
        if (destination["audience"] is { } audience && Text(audience) is not { Length: > 0 })
            errors.Add($"{path}.audience", "audience must be a non-empty string: the audience of the token the destination expects");
        if (destination["CACerts"] is { } caCerts) ValidateCACerts(caCerts, $"{path}.CACerts", errors);
    }

    private static void ValidateCACerts(JsonNode node, string path, FieldErrors errors)
    {
        if (Text(node) is not { Length: > 0 } pem)
        {
            errors.Add(path, "CACerts must be a string of PEM certificates");
            return;
        }
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPem(pem);
        }
        catch (CryptographicException e)
        {
            errors.Add(path, $"CACerts holds a certificate that does not parse: {e.Message}");
            return;
        }
        if (certificates.Count == 0) errors.Add(path, "CACerts must hold at least one PEM certificate (-----BEGIN CERTIFICATE-----)");
    }

    internal static string? Text(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
