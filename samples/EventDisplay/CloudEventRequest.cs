using CloudNative.CloudEvents;
using CloudNative.CloudEvents.Core;

namespace EventDisplay;

/// <summary>Reads the CloudEvents of an HTTP request in binary, structured or batch mode.</summary>
public static class CloudEventRequest
{
    private const string HeaderPrefix = "ce-";

    public static async Task<IReadOnlyList<CloudEvent>> ReadAsync(HttpRequest request, CloudEventFormatter formatter)
    {
        var contentType = request.ContentType;
        if (MimeUtilities.IsCloudEventsBatchContentType(contentType))
        {
            return await formatter.DecodeBatchModeMessageAsync(request.Body, MimeUtilities.CreateContentTypeOrNull(contentType), null);
        }
        if (MimeUtilities.IsCloudEventsContentType(contentType))
        {
            return [await formatter.DecodeStructuredModeMessageAsync(request.Body, MimeUtilities.CreateContentTypeOrNull(contentType), null)];
        }
        return [await ReadBinaryAsync(request, formatter)];
    }

    private static async Task<CloudEvent> ReadBinaryAsync(HttpRequest request, CloudEventFormatter formatter)
    {
        var specVersionId = request.Headers["ce-specversion"].FirstOrDefault()
            ?? throw new ArgumentException("The ce-specversion header is missing: not a binary-mode CloudEvent, and the content type is not application/cloudevents+json.");
        var specVersion = CloudEventsSpecVersion.FromVersionId(specVersionId)
            ?? throw new ArgumentException($"Unsupported CloudEvents spec version '{specVersionId}'.");

        var cloudEvent = new CloudEvent(specVersion);
        foreach (var (name, values) in request.Headers)
        {
            if (!name.StartsWith(HeaderPrefix, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            var attributeName = name[HeaderPrefix.Length..].ToLowerInvariant();
            if (attributeName != "specversion")
            {
                // The HTTP binding percent-encodes header values that are not printable ASCII.
                cloudEvent.SetAttributeFromString(attributeName, Uri.UnescapeDataString(values.ToString()));
            }
        }
        cloudEvent.DataContentType = request.ContentType;

        var body = await BinaryDataUtilities.ToReadOnlyMemoryAsync(request.Body);
        formatter.DecodeBinaryModeEventData(body, cloudEvent);
        return cloudEvent.Validate();
    }
}
