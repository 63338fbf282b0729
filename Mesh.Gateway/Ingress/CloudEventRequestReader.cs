using System.Net.Mime;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.Core;
using CloudNative.CloudEvents.Http;
using CloudNative.CloudEvents.SystemTextJson;
using Mesh.Grains.Events;
using Mesh.Grains.Telemetry;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Primitives;

namespace Mesh.Gateway.Ingress;

/// <summary>
/// The HTTP binding glue the CloudEvents SDK lacks for ASP.NET Core: reads binary, structured and
/// batch mode requests into envelopes, or says precisely what is wrong.
/// </summary>
public sealed class CloudEventRequestReader
{
    private const string HeaderPrefix = "ce-";
    private static readonly JsonEventFormatter Formatter = new();

    private readonly bool _direct;

    public CloudEventRequestReader() : this(direct: true)
    {
    }

    /// <param name="direct">
    /// Whether the usual events are read straight into envelopes (<see cref="BinaryEventReader"/>,
    /// <see cref="StructuredEventReader"/>); false reads everything through the SDK, which the tests
    /// use as the oracle the direct readers must agree with.
    /// </param>
    internal CloudEventRequestReader(bool direct) => _direct = direct;

    /// <param name="trace">The distributed-tracing extension for events that lack one (see <see cref="TraceContext"/>).</param>
    public async Task<(IReadOnlyList<EventEnvelope>? Events, IngressProblem? Problem)> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancellation, TraceContext? trace = null)
    {
        var (events, problem, _) = await ReadAndSayHowAsync(request, maxBytes, cancellation, trace);
        return (events, problem);
    }

    /// <summary>As <see cref="ReadAsync"/>, and whether a direct reader read the event (false: the SDK did).</summary>
    internal async Task<(IReadOnlyList<EventEnvelope>? Events, IngressProblem? Problem, bool Direct)> ReadAndSayHowAsync(HttpRequest request, long maxBytes, CancellationToken cancellation, TraceContext? trace = null)
    {
        var contentType = request.ContentType;
        var batch = MimeUtilities.IsCloudEventsBatchContentType(contentType);
        var structured = !batch && MimeUtilities.IsCloudEventsContentType(contentType);
        if (!batch && !structured)
        {
            // Binary mode: the body is the data, read once into the array the envelope keeps.
            var data = await RequestBody.ReadAsync(request, maxBytes, cancellation);
            if (data is null) return (null, TooLarge(maxBytes), false);
            if (_direct && BinaryEventReader.TryRead(request.Headers, contentType, data, trace) is { } read) return ([read], null, true);
            return WithSdk(ReadWithSdk(request, data, contentType, batch: false, structured: false), trace);
        }

        // Structured and batch bodies are parsed, and only the data is copied out: a pooled buffer will do.
        using var body = await RequestBody.ReadPooledAsync(request, maxBytes, cancellation);
        if (body is null) return (null, TooLarge(maxBytes), false);
        if (_direct && structured && IsPlainJsonFormat(contentType!) && StructuredEventReader.TryRead(body.Memory.Span, trace) is { } parsed) return ([parsed], null, true);
        return WithSdk(ReadWithSdk(request, body.Memory, contentType, batch, structured), trace);

        static (IReadOnlyList<EventEnvelope>?, IngressProblem?, bool) WithSdk((IReadOnlyList<EventEnvelope>? Events, IngressProblem? Problem) read, TraceContext? trace) =>
            (trace is { } context && read.Events is { } events ? [.. events.Select(context.AddTo)] : read.Events, read.Problem, false);
    }

    private static (IReadOnlyList<EventEnvelope>? Events, IngressProblem? Problem) ReadWithSdk(
        HttpRequest request, ReadOnlyMemory<byte> body, string? contentType, bool batch, bool structured)
    {
        try
        {
            if (batch)
                return IsJsonFormat(contentType!, MimeUtilities.BatchMediaType) ? ReadBatch(body, contentType!) : (null, UnsupportedFormat(contentType!));
            if (structured)
                return IsJsonFormat(contentType!, MimeUtilities.MediaType) ? ReadStructured(body, contentType!) : (null, UnsupportedFormat(contentType!));
            if (request.Headers.ContainsKey(HeaderPrefix + CloudEventNames.SpecVersion))
                return ReadBinary(request, body);
            // HTTP binding, section 3: ce- headers mark a binary-mode CloudEvent, here one without its version.
            if (request.Headers.Keys.Any(name => name.StartsWith(HeaderPrefix, StringComparison.OrdinalIgnoreCase)))
                return (null, IngressProblem.Invalid("Binary mode requires the ce-specversion header; this mesh accepts 1.0.", CloudEventNames.SpecVersion));
            return (null, new IngressProblem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type.",
                $"Content-Type '{contentType}' is neither {MimeUtilities.MediaType}+json, {MimeUtilities.BatchMediaType}+json nor binary mode (no ce- headers).",
                "specversion"));
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException or System.Text.Json.JsonException)
        {
            var diagnosed = batch || structured ? StructuredEventDiagnosis.Diagnose(body, batch) : null;
            return (null, diagnosed ?? IngressProblem.Invalid(e.Message, e is System.Text.Json.JsonException ? null : AttributeNamedIn(e.Message)));
        }
    }

    private static (IReadOnlyList<EventEnvelope>?, IngressProblem?) ReadBinary(HttpRequest request, ReadOnlyMemory<byte> body)
    {
        var versionId = request.Headers[HeaderPrefix + CloudEventNames.SpecVersion].ToString();
        var version = CloudEventsSpecVersion.FromVersionId(versionId);
        if (version is null)
            return (null, IngressProblem.Invalid($"Unsupported specversion '{versionId}'; this mesh accepts 1.0.", CloudEventNames.SpecVersion));
        var cloudEvent = new CloudEvent(version);
        foreach (var (name, values) in request.Headers)
        {
            if (!name.StartsWith(HeaderPrefix, StringComparison.OrdinalIgnoreCase)) continue;
            var attribute = name[HeaderPrefix.Length..].ToLowerInvariant();
            if (attribute == CloudEventNames.SpecVersion) continue;
            if (attribute == CloudEventNames.DataContentType)
                return (null, IngressProblem.Invalid("datacontenttype travels in the Content-Type header in binary mode, not in ce-datacontenttype.", attribute));
            cloudEvent.SetAttributeFromString(attribute, HttpUtilities.DecodeHeaderValue(JoinValues(values)));
        }
        if (request.ContentType is { Length: > 0 } contentType) cloudEvent.DataContentType = contentType;
        var problem = Validate(cloudEvent);
        if (problem is not null) return (null, problem);
        return ([EnvelopeConverter.FromCloudEvent(cloudEvent, WholeArray(body))], null);
    }

    private static (IReadOnlyList<EventEnvelope>?, IngressProblem?) ReadStructured(ReadOnlyMemory<byte> body, string contentType)
    {
        var cloudEvent = WithImpliedJson(Formatter.DecodeStructuredModeMessage(body, new ContentType(contentType), extensionAttributes: null));
        var problem = Validate(cloudEvent);
        if (problem is not null) return (null, problem);
        return ([EnvelopeConverter.FromCloudEvent(cloudEvent)], null);
    }

    private static (IReadOnlyList<EventEnvelope>?, IngressProblem?) ReadBatch(ReadOnlyMemory<byte> body, string contentType)
    {
        var events = Formatter.DecodeBatchModeMessage(body, new ContentType(contentType), extensionAttributes: null);
        var envelopes = new List<EventEnvelope>(events.Count);
        for (var i = 0; i < events.Count; i++)
        {
            // All or nothing: one bad event refuses the whole batch.
            if (Validate(events[i]) is { } problem)
                return (null, problem with { Detail = $"Event {i} of the batch: {problem.Detail}" });
            envelopes.Add(EnvelopeConverter.FromCloudEvent(WithImpliedJson(events[i])));
        }
        return (envelopes, null);
    }

    // JSON format 3.1: JSON `data` without datacontenttype, re-serialized in another binding (binary
    // delivery), SHOULD say application/json explicitly. data_base64 must not be given one.
    private static CloudEvent WithImpliedJson(CloudEvent cloudEvent)
    {
        if (cloudEvent.DataContentType is null && cloudEvent.Data is System.Text.Json.JsonElement)
            cloudEvent.DataContentType = "application/json";
        return cloudEvent;
    }

    private static IngressProblem? Validate(CloudEvent cloudEvent)
    {
        foreach (var required in cloudEvent.SpecVersion.RequiredAttributes)
        {
            var value = cloudEvent[required];
            if (value is null || value is string { Length: 0 })
                return IngressProblem.Invalid($"The required attribute '{required.Name}' is missing or empty.", required.Name);
        }
        return null;
    }

    // Binary mode's data is the body: the array it was read into is handed on, not copied.
    private static byte[] WholeArray(ReadOnlyMemory<byte> body) =>
        MemoryMarshal.TryGetArray(body, out var whole) && whole.Offset == 0 && whole.Count == whole.Array!.Length ? whole.Array : body.ToArray();

    // The JSON format in UTF-8, the one the direct reader reads (another charset is the SDK's to transcode).
    private static bool IsPlainJsonFormat(string contentType)
    {
        var text = contentType.AsSpan();
        var parameters = text.IndexOf(';');
        if (!(parameters < 0 ? text : text[..parameters]).Trim().Equals(MimeUtilities.MediaType + "+json", StringComparison.OrdinalIgnoreCase)) return false;
        return parameters < 0 || text[(parameters + 1)..].Trim().Equals("charset=utf-8", StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsJsonFormat(string contentType, string mediaType)
    {
        var type = contentType.Split(';')[0].Trim();
        return type.Equals(mediaType + "+json", StringComparison.OrdinalIgnoreCase) || type.Equals(mediaType, StringComparison.OrdinalIgnoreCase);
    }

    private static string JoinValues(StringValues values) => values.Count == 1 ? values[0]! : string.Join(",", values.ToArray());

    private static IngressProblem TooLarge(long maxBytes) =>
        new(StatusCodes.Status413PayloadTooLarge, "The event is too large.", $"The request body exceeds Mesh:MaxEventBytes ({maxBytes} bytes).");

    private static IngressProblem UnsupportedFormat(string contentType) =>
        new(StatusCodes.Status415UnsupportedMediaType, "Unsupported event format.", $"'{contentType}' is not a format this mesh reads; use application/cloudevents+json or binary mode.");

    // The SDK's messages name the attribute in single quotes; surface it for the problem body, but not
    // the SDK's own parameter names ("(Parameter 'data')") nor quoted values.
    private static string? AttributeNamedIn(string message)
    {
        var parameter = message.IndexOf(" (Parameter '", StringComparison.Ordinal);
        if (parameter >= 0) message = message[..parameter];
        var start = message.IndexOf('\'');
        if (start < 0) return null;
        var end = message.IndexOf('\'', start + 1);
        if (end <= start) return null;
        var name = message[(start + 1)..end];
        return name.Length is > 0 and <= 20 && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c)) && name != "data" ? name : null;
    }
}
