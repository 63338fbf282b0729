using Mesh.Operator.Conditions;
using Mesh.Operator.Resources;

namespace Mesh.Operator.Addressing;

/// <summary>
/// Knative's Addressable duck type read from an object's status: a <c>Ready</c> condition that is
/// there and not True holds resolution back; otherwise <c>status.address.url</c>, or the first of
/// <c>status.addresses</c> with a URL, is the address, with its <c>audience</c> and <c>CACerts</c>.
/// An object with no Ready condition at all is taken at its address, as Knative's resolver does.
/// </summary>
public static class AddressableStatus
{
    /// <param name="what">The object, for messages: <c>Service default/dumper</c>.</param>
    public static Resolution Resolve(JsonObject? status, string what)
    {
        if (status is not null && Readiness.Condition(status, ConditionSet.Ready) is { } ready
            && FieldReader.TextOf(ready["status"]) != nameof(ConditionStatus.True))
        {
            var why = FieldReader.TextOf(ready["message"]) ?? FieldReader.TextOf(ready["reason"]) ?? $"Ready is {FieldReader.TextOf(ready["status"]) ?? "not set"}";
            return Resolution.Unresolved("NotReady", $"{what} is not ready: {why}");
        }
        var address = AddressOf(status);
        return FieldReader.TextOf(address?["url"]) is { } url && Uri.TryCreate(url, UriKind.Absolute, out var uri)
            ? new Resolution(uri) { Auth = DeclaredAddressables.AuthOf(address) }
            : Resolution.Unresolved("NotAddressable", $"{what} has no status.address.url (nor status.addresses) yet");
    }

    private static JsonNode? AddressOf(JsonObject? status) =>
        status?["address"] is JsonObject { } single && single["url"] is not null
            ? single
            : (status?["addresses"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(a => a["url"] is not null);
}
