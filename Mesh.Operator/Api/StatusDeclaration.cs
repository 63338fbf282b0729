using Mesh.Operator.Resources;

namespace Mesh.Operator.Api;

/// <summary>
/// A status written through the <c>/status</c> subresource of a stored-only kind: an object whose
/// <c>address.url</c> (or each of <c>addresses</c>) is an absolute http(s) URL and whose
/// <c>conditions</c> each have a <c>type</c> and a <c>status</c> of True, False or Unknown.
/// </summary>
public static class StatusDeclaration
{
    /// <returns>The status, or null with each fault named in <paramref name="errors"/>.</returns>
    public static JsonObject? Read(JsonObject body, FieldErrors errors)
    {
        if (body["status"] is not JsonObject status)
        {
            errors.Add("status", "status must be an object");
            return null;
        }
        if (status["address"] is { } address) CheckAddress(address, "status.address", errors);
        if (status["addresses"] is { } addresses)
        {
            if (addresses is not JsonArray list) errors.Add("status.addresses", "addresses must be a list");
            else for (var i = 0; i < list.Count; i++) CheckAddress(list[i], $"status.addresses[{i}]", errors);
        }
        if (status["conditions"] is { } conditions)
        {
            if (conditions is not JsonArray list) errors.Add("status.conditions", "conditions must be a list");
            else for (var i = 0; i < list.Count; i++) CheckCondition(list[i], $"status.conditions[{i}]", errors);
        }
        return errors.Any ? null : (JsonObject)status.DeepClone();
    }

    private static void CheckAddress(JsonNode? address, string path, FieldErrors errors)
    {
        if (address is not JsonObject)
            errors.Add(path, "an address must be an object with url");
        else if (FieldReader.TextOf(address["url"]) is not { } url
            || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            errors.Add(path + ".url", "url must be an absolute http or https URL");
    }

    private static void CheckCondition(JsonNode? condition, string path, FieldErrors errors)
    {
        if (condition is not JsonObject)
        {
            errors.Add(path, "a condition must be an object with type and status");
            return;
        }
        if (FieldReader.TextOf(condition["type"]) is not { Length: > 0 }) errors.Add(path + ".type", "type is required");
        if (FieldReader.TextOf(condition["status"]) is not ("True" or "False" or "Unknown"))
            errors.Add(path + ".status", "status must be True, False or Unknown");
    }
}
