using System.Net;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using k8s;
using k8s.Models;
using Mesh.Operator.Resources;

namespace Mesh.Operator.Kubernetes;

/// <summary>
/// Requests to any path of the API server, as JSON, over the process's client (its credentials, CA
/// and reachability reporting). The generated client covers the built-in groups and custom objects
/// of named groups; these calls work alike for core kinds (<c>/api/v1</c>), built-in groups and CRDs.
/// </summary>
public sealed class ClusterApi(KubernetesConnection connection)
{
    /// <summary>The API server's URL, without a trailing slash: ApiServerSource's CloudEvents <c>source</c>.</summary>
    public string ServerUrl => ((k8s.Kubernetes)connection.Client).BaseUri.ToString().TrimEnd('/');

    /// <returns>The object at <paramref name="path"/>, or null when the server has none (404).</returns>
    /// <exception cref="HttpRequestException">Any other failure, with its status code.</exception>
    public async Task<JsonObject?> GetAsync(string path, CancellationToken cancellation)
    {
        using var response = await SendAsync(HttpMethod.Get, path, null, HttpCompletionOption.ResponseContentRead, cancellation);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        return await ReadAsync(response, cancellation);
    }

    /// <summary>PUTs <paramref name="obj"/> (its resourceVersion guards against a lost update: 409 on a conflict).</summary>
    public async Task<JsonObject> ReplaceAsync(string path, JsonObject obj, CancellationToken cancellation)
    {
        using var response = await SendAsync(HttpMethod.Put, path, obj, HttpCompletionOption.ResponseContentRead, cancellation);
        return await ReadAsync(response, cancellation);
    }

    /// <summary>Watch events of the collection at <paramref name="path"/> (its query included) after <paramref name="resourceVersion"/>.</summary>
    public async IAsyncEnumerable<(WatchEventType Type, JsonObject Object)> WatchAsync(
        string path, string resourceVersion, int timeoutSeconds, Action<Exception> onError, [EnumeratorCancellation] CancellationToken cancellation)
    {
        var separator = path.Contains('?') ? '&' : '?';
        var query = $"{path}{separator}watch=true&allowWatchBookmarks=true&timeoutSeconds={timeoutSeconds}&resourceVersion={Uri.EscapeDataString(resourceVersion)}";
        using var response = await SendAsync(HttpMethod.Get, query, null, HttpCompletionOption.ResponseHeadersRead, cancellation);
        if (!response.IsSuccessStatusCode) await ReadAsync(response, cancellation);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellation));
        while (await reader.ReadLineAsync(cancellation) is { } line)
        {
            if (line.Length == 0) continue;
            var change = JsonNode.Parse(line) as JsonObject;
            if (change?["object"] is not JsonObject obj) continue;
            var type = (string?)change["type"];
            if (type == "ERROR")
            {
                // A watch from a compacted resourceVersion ends with a Status of code 410 in the stream.
                onError(new KubernetesException(new V1Status { Code = (int?)FieldReader.IntegerOf(obj["code"]), Message = (string?)obj["message"], Reason = (string?)obj["reason"] }));
                yield break;
            }
            if (Enum.TryParse<WatchEventType>(type, ignoreCase: true, out var parsed)) yield return (parsed, obj);
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, JsonObject? body, HttpCompletionOption completion, CancellationToken cancellation)
    {
        var client = (k8s.Kubernetes)connection.Client;
        using var request = new HttpRequestMessage(method, new Uri(new Uri(client.BaseUri.ToString().TrimEnd('/') + "/"), path.TrimStart('/')));
        if (body is not null) request.Content = JsonContent.Create(body);
        if (client.Credentials is { } credentials) await credentials.ProcessHttpRequestAsync(request, cancellation);
        return await client.HttpClient.SendAsync(request, completion, cancellation);
    }

    private static async Task<JsonObject> ReadAsync(HttpResponseMessage response, CancellationToken cancellation)
    {
        if (response.IsSuccessStatusCode) return (await response.Content.ReadFromJsonAsync<JsonObject>(cancellation))!;
        // The API server explains itself in a Status body; its message says what was refused and why.
        var text = await response.Content.ReadAsStringAsync(cancellation);
        var message = (JsonNode.Parse(text.Length > 0 && text[0] == '{' ? text : "{}") as JsonObject)?["message"]?.ToString() ?? text;
        throw new HttpRequestException($"{(int)response.StatusCode} {response.ReasonPhrase}: {message}", null, response.StatusCode);
    }
}
