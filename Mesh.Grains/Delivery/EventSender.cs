using System.Buffers;
using System.Net.Http.Headers;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.Core;
using CloudNative.CloudEvents.Http;
using CloudNative.CloudEvents.SystemTextJson;
using System.Text;
using Mesh.Grains.Egress;
using Mesh.Grains.Events;
using Mesh.Grains.Identity;

namespace Mesh.Grains.Delivery;

/// <summary>Sends an envelope to a URL over HTTP and reads what came back.</summary>
public sealed class EventSender
{
    /// <summary>At most this much of an answer's body is kept (dead letters carry it base64-encoded).</summary>
    public const int MaxKeptBodyBytes = 1024;

    /// <summary>The token subject when a delivery names no sender.</summary>
    public const string DefaultSender = "system:serviceaccount:mesh:mesh";

    private readonly OutboundHttp _outbound;
    private readonly TimeProvider _time;
    private readonly DeliveryTokens? _tokens;

    /// <param name="tokens">Signs bearer tokens for destinations with an audience; without it none are sent.</param>
    public EventSender(OutboundHttp outbound, TimeProvider time, DeliveryTokens? tokens)
    {
        _outbound = outbound;
        _time = time;
        _tokens = tokens;
    }

    /// <summary>One client for everything, without the egress policy or tokens: for tests of delivery alone.</summary>
    public EventSender(HttpClient http, TimeProvider time) : this(new OutboundHttp(http), time, null)
    {
    }

    private static readonly JsonEventFormatter Formatter = new();

    public async Task<DeliveryOutcome> SendAsync(EventEnvelope envelope, Uri target, DeliveryOptionsForSend options, CancellationToken cancellation)
    {
        using var request = BuildRequest(envelope, target, options);
        using var timeout = options.Timeout is { } t ? new CancellationTokenSource(t, _time) : null;
        using var linked = timeout is null ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellation, timeout.Token);
        try
        {
            if (options.Auth?.Audience is { } audience && _tokens is not null)
            {
                var token = await TokenAsync(options.Sender ?? DefaultSender, audience, cancellation);
                if (token.Failure is { } failure) return failure;
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
            }
            var http = _outbound.For(options.Auth?.CACerts);
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked?.Token ?? cancellation);
            var status = (int)response.StatusCode;
            EventEnvelope? reply = null;
            byte[] body;
            // Knative's data plane: a 202 body is never a reply, whatever it looks like.
            if (response.IsSuccessStatusCode && status != 202 && response.IsCloudEvent())
            {
                await response.Content.LoadIntoBufferAsync(linked?.Token ?? cancellation);
                reply = await TryParseReplyAsync(response);
                body = [];
            }
            else if (response.IsSuccessStatusCode)
            {
                // Nothing keeps a success's body: disposing the answer drains it and frees the connection.
                body = [];
            }
            else
            {
                body = await ReadPrefixAsync(response.Content, linked?.Token ?? cancellation);
            }
            return new DeliveryOutcome(status, body, RetryAfter(response.Headers.RetryAfter), reply);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            return new DeliveryOutcome(null, [], null, null, $"no answer within {options.Timeout}");
        }
        catch (HttpRequestException e) when (e.InnerException is EgressForbiddenException forbidden)
        {
            // Retried like any failure to connect (DNS may change back), then dead-lettered with
            // the reason as knativeerrordata, so that the refusal is visible where the event lands.
            return new DeliveryOutcome(null, Encoding.UTF8.GetBytes(forbidden.Message), null, null, forbidden.Message);
        }
        catch (HttpRequestException e)
        {
            return new DeliveryOutcome(null, [], null, null, e.Message);
        }
    }

    private async Task<(string? Token, DeliveryOutcome? Failure)> TokenAsync(string sender, string audience, CancellationToken cancellation)
    {
        try
        {
            return (await _tokens!.GetAsync(sender, audience, cancellation), null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The signing key could not be read (the cluster database is down): retried like no answer.
            return (null, new DeliveryOutcome(null, [], null, null, $"no token for audience '{audience}': {e.Message}"));
        }
    }

    internal static HttpRequestMessage BuildRequest(EventEnvelope envelope, Uri target, DeliveryOptionsForSend options)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, target);
        if (options.Format == EventFormat.Structured)
        {
            var sent = options.WithholdsBrokerTtl ? envelope.With(CloudEventNames.BrokerTtl, null) : envelope;
            request.Content = EnvelopeConverter.ToCloudEvent(sent).ToHttpContent(ContentMode.Structured, Formatter);
        }
        else
        {
            var content = new ByteArrayContent(envelope.Data);
            foreach (var (name, value) in envelope.Attributes)
            {
                if (name == CloudEventNames.DataContentType)
                    content.Headers.TryAddWithoutValidation("Content-Type", value);
                else if (options.WithholdsBrokerTtl && name == CloudEventNames.BrokerTtl)
                    continue;
                else
                    request.Headers.TryAddWithoutValidation("ce-" + name, HeaderValue(value));
            }
            request.Content = content;
        }
        if (options.PreferReply) request.Headers.TryAddWithoutValidation("Prefer", "reply");
        if (envelope.TraceParent is { } traceParent)
            request.Headers.TryAddWithoutValidation("traceparent", traceParent);
        if (envelope.TraceState is { Length: > 0 } traceState)
            request.Headers.TryAddWithoutValidation("tracestate", traceState);
        foreach (var (name, value) in options.Headers)
            request.Headers.TryAddWithoutValidation(name, value);
        return request;
    }

    // The binding's percent-encoding leaves printable ASCII other than '"' and '%' as it is: most
    // values need none, and are sent without the SDK's copy.
    private static readonly SearchValues<char> SentAsIs = SearchValues.Create(
        [.. Enumerable.Range(0x21, 0x7E - 0x21 + 1).Select(c => (char)c).Where(c => c is not ('"' or '%'))]);

    internal static string HeaderValue(string value) =>
        value.AsSpan().ContainsAnyExcept(SentAsIs) ? HttpUtilities.EncodeHeaderValue(value) : value;

    private static async Task<EventEnvelope?> TryParseReplyAsync(HttpResponseMessage response)
    {
        try
        {
            var cloudEvent = await response.ToCloudEventAsync(Formatter);
            if (!cloudEvent.IsValid) return null;
            var binary = !MimeUtilities.IsCloudEventsContentType(response.Content.Headers.ContentType?.MediaType);
            return EnvelopeConverter.FromCloudEvent(cloudEvent, binary ? await response.Content.ReadAsByteArrayAsync() : null);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException or System.Text.Json.JsonException)
        {
            // A 2xx whose body is not a valid CloudEvent is not a reply and not a failure either.
            return null;
        }
    }

    private static async Task<byte[]> ReadPrefixAsync(HttpContent content, CancellationToken cancellation)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellation);
        var buffer = new byte[MaxKeptBodyBytes];
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(read), cancellation);
            if (n == 0) break;
            read += n;
        }
        return buffer[..read];
    }

    // A date is measured on the same clock the dispatcher waits on.
    private TimeSpan? RetryAfter(RetryConditionHeaderValue? header) => header switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - _time.GetUtcNow() is var d && d > TimeSpan.Zero ? d : TimeSpan.Zero,
        _ => null,
    };
}
