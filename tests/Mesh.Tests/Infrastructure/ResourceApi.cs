using System.Net.Http.Headers;
using System.Text;

namespace Mesh.Tests.Infrastructure;

/// <summary>The resource API as <c>mesh apply</c> uses it, against any mesh's HTTP address (in-process or a process of its own).</summary>
public static class ResourceApi
{
    /// <summary>Applies one object and returns the answer.</summary>
    public static async Task<HttpResponseMessage> ApplyAsync(HttpClient http, string yaml)
    {
        var doc = Mesh.Declarations.DocumentReader.ReadYaml(yaml)[0]!.AsObject();
        var (group, version) = SplitApiVersion((string)doc["apiVersion"]!);
        var ns = (string?)doc["metadata"]?["namespace"] ?? "default";
        var kind = ((string)doc["kind"]!).ToLowerInvariant();
        var plural = kind.EndsWith('y') ? kind[..^1] + "ies" : kind + "s";
        var prefix = group.Length == 0 ? $"/api/{version}" : $"/apis/{group}/{version}";
        var content = new StringContent(yaml, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/yaml");
        return await http.PutAsync($"{prefix}/namespaces/{ns}/{plural}/{doc["metadata"]!["name"]}", content);
    }

    /// <summary>Applies and fails the test when the mesh refuses.</summary>
    public static async Task<JsonObject> MustApplyAsync(HttpClient http, string yaml)
    {
        var response = await ApplyAsync(http, yaml);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"apply failed with {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    public static async Task<JsonObject?> GetAsync(HttpClient http, string path)
    {
        var response = await http.GetAsync(path);
        return response.IsSuccessStatusCode ? JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject() : null;
    }

    /// <summary>Waits until the object's Ready condition has the given status.</summary>
    public static async Task<JsonObject> WaitReadyAsync(HttpClient http, string path, string status = "True")
    {
        JsonObject? last = null;
        await Eventually.TrueAsync(async () =>
        {
            last = await GetAsync(http, path);
            return ReadyStatus(last) == status;
        }, $"{path} to have Ready={status}", () => last?.ToJsonString() ?? "(missing)");
        return last!;
    }

    public static string? ReadyStatus(JsonObject? obj) =>
        (obj?["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>()
            .FirstOrDefault(c => (string?)c["type"] == "Ready")?["status"]?.GetValue<string>();

    private static (string Group, string Version) SplitApiVersion(string apiVersion) =>
        apiVersion.Contains('/') ? (apiVersion[..apiVersion.IndexOf('/')], apiVersion[(apiVersion.IndexOf('/') + 1)..]) : ("", apiVersion);
}
