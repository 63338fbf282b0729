using System.Net.Http.Headers;
using System.Text;

namespace Mesh.Tests.Infrastructure;

/// <summary>Builds ingress requests in each CloudEvents HTTP content mode.</summary>
public static class CloudEventRequests
{
    public static HttpRequestMessage Binary(string id, string? contentType = "application/json", string body = "{}",
        params (string Name, string? Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, (Uri?)null) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) };
        if (contentType is not null) request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.TryAddWithoutValidation("ce-specversion", "1.0");
        request.Headers.TryAddWithoutValidation("ce-id", id);
        request.Headers.TryAddWithoutValidation("ce-source", "/tests/ingress");
        request.Headers.TryAddWithoutValidation("ce-type", "dev.mesh.test");
        foreach (var (name, value) in headers)
        {
            request.Headers.Remove(name);
            if (value is not null) request.Headers.TryAddWithoutValidation(name, value);
        }
        return request;
    }

    /// <summary>A binary request with exactly the given headers and no others.</summary>
    public static HttpRequestMessage Raw(string? contentType, string body, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, (Uri?)null) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) };
        if (contentType is not null) request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        return request;
    }

    public static JsonObject Event(string id) => new()
    {
        ["specversion"] = "1.0",
        ["id"] = id,
        ["source"] = "/tests/ingress",
        ["type"] = "dev.mesh.test",
    };

    public static HttpRequestMessage Structured(JsonNode envelope, string contentType = "application/cloudevents+json") =>
        Raw(contentType, envelope.ToJsonString());

    public static HttpRequestMessage Batch(params JsonNode[] events) =>
        Raw("application/cloudevents-batch+json", new JsonArray([.. events.Select(e => e.DeepClone())]).ToJsonString());
}
