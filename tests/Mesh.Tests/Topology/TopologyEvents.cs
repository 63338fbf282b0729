using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Mesh.Tests.Topology;

/// <summary>Sends binary CloudEvents into the mesh and builds subscriber answers that reply with one.</summary>
internal static class TopologyEvents
{
    public static async Task SendAsync(MeshHost mesh, string path, string id, string type = "x", string? data = null)
    {
        var response = await PostAsync(mesh, path, id, type, data);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted,
            $"POST {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    public static Task<HttpResponseMessage> PostAsync(MeshHost mesh, string path, string id, string type = "x", string? data = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(data ?? $"{{\"id\":\"{id}\"}}")),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json");
        request.Headers.Add("ce-specversion", "1.0");
        request.Headers.Add("ce-id", id);
        request.Headers.Add("ce-source", "/topology-tests");
        request.Headers.Add("ce-type", type);
        return mesh.Http.SendAsync(request);
    }

    /// <summary>Answers 200 with the received event as a binary reply, after <paramref name="change"/> edits its attributes.</summary>
    public static async Task<int> ReplyAsync(ReceivedRequest received, HttpResponse response, Action<Dictionary<string, string>>? change = null)
    {
        var attributes = received.Headers.Where(h => h.Key.StartsWith("ce-", StringComparison.Ordinal))
            .ToDictionary(h => h.Key[3..], h => h.Value);
        change?.Invoke(attributes);
        response.StatusCode = 200;
        foreach (var (name, value) in attributes) response.Headers["ce-" + name] = value;
        if (received.Header("content-type") is { } contentType) response.ContentType = contentType;
        await response.Body.WriteAsync(received.Body);
        return 200;
    }

    /// <summary>A step that appends <paramref name="suffix"/> to the type and sets an extension, then replies.</summary>
    public static Func<ReceivedRequest, HttpResponse, Task<int>> Transform(string suffix, string extension) =>
        (received, response) => ReplyAsync(received, response, attributes =>
        {
            attributes["type"] += "." + suffix;
            attributes[extension] = "done";
        });

    public static string Ids(RecordingSubscriber subscriber) =>
        string.Join(",", subscriber.Received.Select(r => r.Ce("id")).OrderBy(id => id, StringComparer.Ordinal));
}
