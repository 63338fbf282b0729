using System.Text;

namespace Mesh.Tests.Infrastructure;

/// <summary>
/// A CloudEvent as a subscriber received it, read back from either HTTP content mode: every
/// attribute (extensions included) as its string value, and the data bytes.
/// </summary>
public sealed record ReceivedEvent(IReadOnlyDictionary<string, string> Attributes, byte[] Data, ReceivedRequest Request)
{
    public string? this[string attribute] => Attributes.TryGetValue(attribute, out var v) ? v : null;

    public string DataText => Encoding.UTF8.GetString(Data);

    public static ReceivedEvent From(ReceivedRequest request)
    {
        var contentType = request.Header("content-type");
        return contentType is not null && contentType.StartsWith("application/cloudevents", StringComparison.OrdinalIgnoreCase)
            ? FromStructured(request)
            : FromBinary(request, contentType);
    }

    private static ReceivedEvent FromBinary(ReceivedRequest request, string? contentType)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in request.Headers)
            if (name.StartsWith("ce-", StringComparison.Ordinal))
                attributes[name[3..]] = Uri.UnescapeDataString(value);
        if (contentType is not null) attributes["datacontenttype"] = contentType;
        return new ReceivedEvent(attributes, request.Body, request);
    }

    private static ReceivedEvent FromStructured(ReceivedRequest request)
    {
        var envelope = JsonNode.Parse(request.Body)!.AsObject();
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        byte[] data = [];
        foreach (var (name, value) in envelope)
        {
            if (name == "data") data = value is JsonValue v && v.TryGetValue<string>(out var text) && !IsJson(envelope)
                ? Encoding.UTF8.GetBytes(text) : Encoding.UTF8.GetBytes(value?.ToJsonString() ?? "null");
            else if (name == "data_base64") data = Convert.FromBase64String(value!.GetValue<string>());
            else attributes[name] = value is JsonValue scalar && scalar.TryGetValue<string>(out var s) ? s : value!.ToJsonString();
        }
        return new ReceivedEvent(attributes, data, request);
    }

    private static bool IsJson(JsonObject envelope) =>
        (string?)envelope["datacontenttype"] is not { } type || type.Split(';')[0].Trim().EndsWith("json", StringComparison.OrdinalIgnoreCase);
}
