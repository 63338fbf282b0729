using Mesh.Grains.Events;
using Mesh.Grains.Telemetry;

namespace Mesh.Gateway.Ingress;

/// <summary>
/// Reads the usual binary-mode event straight from the headers into an envelope: no SDK event in
/// between, attribute names the mesh already holds, and the body as the data without a copy.
/// </summary>
/// <remarks>
/// Only for requests whose every <c>ce-</c> header the SDK would read to the same text (see
/// <see cref="AttributeText"/>); for anything else, valid or not, it answers null and the SDK reads
/// the request. A property test holds the two to the same result.
/// </remarks>
internal static class BinaryEventReader
{
    private const int UsualAttributeCount = 10;

    public static EventEnvelope? TryRead(IHeaderDictionary headers, string? contentType, byte[] body, TraceContext? trace = null)
    {
        var attributes = new Dictionary<string, string>(UsualAttributeCount, StringComparer.Ordinal)
        {
            [CloudEventNames.SpecVersion] = "1.0",
        };
        var versioned = false;
        foreach (var (header, values) in headers)
        {
            if (header.Length < 3 || !header.StartsWith("ce-", StringComparison.OrdinalIgnoreCase)) continue;
            if (values.Count != 1 || values[0] is not { } value || !AttributeText.IsPlainHeaderValue(value)) return null;
            switch (AttributeText.Name(header.AsSpan(3)))
            {
                case null or CloudEventNames.DataContentType:
                    return null;
                case CloudEventNames.SpecVersion:
                    if (value != "1.0") return null;
                    versioned = true;
                    break;
                case var name:
                    if (AttributeText.Canonical(name, value) is not { } canonical || !attributes.TryAdd(name, canonical)) return null;
                    break;
            }
        }
        if (!versioned || !HasRequired(attributes)) return null;
        if (contentType is { Length: > 0 })
        {
            if (!AttributeText.IsPrintableAscii(contentType) || AttributeText.Canonical(CloudEventNames.DataContentType, contentType) is null) return null;
            attributes[CloudEventNames.DataContentType] = contentType;
        }
        trace?.AddTo(attributes);
        return new EventEnvelope(attributes, body);
    }

    /// <summary>Whether id, source and type are there and not empty (an event without them is the SDK's to refuse).</summary>
    internal static bool HasRequired(Dictionary<string, string> attributes) =>
        attributes.TryGetValue(CloudEventNames.Id, out var id) && id.Length > 0
        && attributes.TryGetValue(CloudEventNames.Source, out var source) && source.Length > 0
        && attributes.TryGetValue(CloudEventNames.Type, out var type) && type.Length > 0;
}
