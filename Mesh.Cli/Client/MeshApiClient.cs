using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Mesh.Cli.Client;

/// <summary>The resource API over HTTP, with the bearer token when one is given: discovery (cached for the process), and PUT/GET/DELETE/POST/PATCH of objects.</summary>
internal sealed class MeshApiClient(HttpClient http, Uri server, string? token = null)
{
    private readonly Dictionary<string, ResourceKinds?> groupVersions = new(StringComparer.Ordinal);
    private ResourceKinds? everything;

    public Uri Server { get; } = server;

    /// <summary>The bearer token sent with every request, if any.</summary>
    public string? Token { get; } = token;

    /// <summary>The kind a user typed (plural, singular, Kind, short name), or an error naming it.</summary>
    public async Task<ResourceKind> ResolveAsync(string text, CancellationToken ct) =>
        (await DiscoverAllAsync(ct)).FindByName(text)
        ?? throw new CliException($"the server doesn't have a resource type \"{text}\"");

    /// <summary>The kind a document declares, looked up in exactly its apiVersion; null if not served.</summary>
    public async Task<ResourceKind?> ResolveAsync(string apiVersion, string kind, CancellationToken ct)
    {
        var kinds = await DiscoverGroupVersionAsync(apiVersion, ct);
        return kinds?.FindByKind(kind);
    }

    /// <summary>
    /// Every kind of every group, in its preferred version where it has one there (a kind served only
    /// in another version, such as a v1alpha1 source beside v1 ones, in that version), and core v1.
    /// </summary>
    public async Task<ResourceKinds> DiscoverAllAsync(CancellationToken ct)
    {
        if (everything is not null)
            return everything;
        var groups = await SendAsync(HttpMethod.Get, "apis", null, ct);
        var all = new ResourceKinds([]);
        foreach (var group in groups.Body.At("groups") as JsonArray ?? [])
        {
            var preferred = group.At("preferredVersion", "groupVersion").Str();
            var versions = (group.At("versions") as JsonArray ?? []).Select(v => v.At("groupVersion").Str()).OfType<string>();
            foreach (var groupVersion in new[] { preferred }.OfType<string>().Concat(versions).Distinct())
                if (await DiscoverGroupVersionAsync(groupVersion, ct) is { } kinds)
                    all = all.Concat(kinds);
        }
        if (await DiscoverGroupVersionAsync("v1", ct) is { } core) all = all.Concat(core);
        return everything = all;
    }

    private async Task<ResourceKinds?> DiscoverGroupVersionAsync(string groupVersion, CancellationToken ct)
    {
        if (groupVersions.TryGetValue(groupVersion, out var cached))
            return cached;
        var path = groupVersion.Contains('/') ? $"apis/{groupVersion}" : $"api/{groupVersion}";
        var response = await SendAsync(HttpMethod.Get, path, null, ct);
        var kinds = response.IsSuccess ? ResourceKinds.Parse(response.Body, groupVersion) : null;
        return groupVersions[groupVersion] = kinds;
    }

    public Task<ApiResponse> GetAsync(string path, CancellationToken ct) => SendAsync(HttpMethod.Get, path, null, ct);

    public Task<ApiResponse> PutAsync(string path, JsonNode body, CancellationToken ct) =>
        SendAsync(HttpMethod.Put, path, body, ct);

    public Task<ApiResponse> PostAsync(string path, JsonNode body, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, path, body, ct);

    public Task<ApiResponse> DeleteAsync(string path, CancellationToken ct) =>
        SendAsync(HttpMethod.Delete, path, null, ct);

    /// <summary>PATCH with <paramref name="contentType"/>: <c>application/merge-patch+json</c> or <c>application/json-patch+json</c>.</summary>
    public Task<ApiResponse> PatchAsync(string path, JsonNode body, string contentType, CancellationToken ct) =>
        SendAsync(HttpMethod.Patch, path, body, ct, contentType);

    private async Task<ApiResponse> SendAsync(HttpMethod method, string path, JsonNode? body, CancellationToken ct, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, new Uri(Server, path));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (Token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        if (body is not null)
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, contentType);
        try
        {
            using var response = await http.SendAsync(request, ct);
            var answer = await ApiResponse.ReadAsync(response, ct);
            if (answer.Status == HttpStatusCode.Unauthorized)
                throw new CliException($"{answer.Detail} Give a token with --token, ${Commands.CliContext.TokenVariable} or a context (mesh config set-context).");
            return answer;
        }
        catch (HttpRequestException e) when (e.StatusCode is null)
        {
            throw MeshUnreachableException.For(Server, isMesh: true, e);
        }
        catch (TaskCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw MeshUnreachableException.For(Server, isMesh: true, e);
        }
    }

    /// <summary>
    /// Follows a watch (<c>?watch=true</c>): calls <paramref name="onEvent"/> with each event's type and
    /// object until the server ends the stream or <paramref name="ct"/> is cancelled. An ERROR event (a
    /// version too old) is an error naming the server's message.
    /// </summary>
    public async Task WatchAsync(string path, Func<string, JsonNode, Task> onEvent, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Server, path));
        if (Token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            if (!response.IsSuccessStatusCode) throw new CliException((await ApiResponse.ReadAsync(response, ct)).Detail);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
            while (await reader.ReadLineAsync(ct) is { } line)
            {
                if (line.Length == 0) continue;
                var change = JsonNode.Parse(line);
                var type = change.At("type").Str() ?? "";
                if (type == "ERROR") throw new CliException(change.At("object", "message").Str() ?? "the watch failed");
                if (change.At("object") is { } obj) await onEvent(type, obj);
            }
        }
        catch (HttpRequestException e) when (e.StatusCode is null && !ct.IsCancellationRequested)
        {
            throw MeshUnreachableException.For(Server, isMesh: true, e);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Interrupted: a watch ends when the user stops it.
        }
        catch (IOException) when (ct.IsCancellationRequested)
        {
        }
    }

    /// <summary>True for the answer the API gives a missing object.</summary>
    public static bool IsNotFound(ApiResponse response) => response.Status == HttpStatusCode.NotFound;
}
