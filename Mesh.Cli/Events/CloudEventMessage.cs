using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Mesh.Cli.Events;

/// <summary>
/// A CloudEvent built from <c>mesh send</c> options, rendered in the HTTP binding's binary mode
/// (attributes as <c>ce-</c> headers) or structured mode (one <c>application/cloudevents+json</c> body).
/// </summary>
internal sealed record CloudEventMessage(
    string Id,
    string Type,
    string Source,
    DateTimeOffset Time,
    string? Subject,
    string? Data,
    string DataContentType,
    IReadOnlyList<KeyValuePair<string, string>> Extensions)
{
    public const string SpecVersion = "1.0";

    public HttpRequestMessage ToBinary(Uri target)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, target);
        foreach (var (name, value) in Attributes())
            request.Headers.TryAddWithoutValidation($"ce-{name}", HeaderValue.Encode(value));
        if (Data is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(Data));
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(DataContentType);
        }
        return request;
    }

    public HttpRequestMessage ToStructured(Uri target)
    {
        var body = new JsonObject();
        foreach (var (name, value) in Attributes())
            body[name] = value;
        body["datacontenttype"] = DataContentType;
        if (Data is not null)
            body["data"] = ContentTypes.IsJson(DataContentType) ? ParseJsonData() : JsonValue.Create(Data);
        var content = new StringContent(body.ToJsonString(), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/cloudevents+json") { CharSet = "utf-8" };
        return new HttpRequestMessage(HttpMethod.Post, target) { Content = content };
    }

    /// <summary>The context attributes in the order the spec lists them, then the extensions.</summary>
    private IEnumerable<KeyValuePair<string, string>> Attributes()
    {
        yield return new("specversion", SpecVersion);
        yield return new("id", Id);
        yield return new("source", Source);
        yield return new("type", Type);
        yield return new("time", Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffK", System.Globalization.CultureInfo.InvariantCulture));
        if (Subject is not null)
            yield return new("subject", Subject);
        foreach (var extension in Extensions)
            yield return extension;
    }

    // Structured mode embeds JSON data as JSON, so text that is not JSON cannot claim to be.
    private JsonNode? ParseJsonData()
    {
        try
        {
            return JsonNode.Parse(Data!);
        }
        catch (JsonException e)
        {
            throw new Client.CliException($"--data is not valid JSON for content type {DataContentType}: {e.Message}");
        }
    }
}
