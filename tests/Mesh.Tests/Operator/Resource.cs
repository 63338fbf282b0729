using System.Net.Http.Headers;
using System.Text;

namespace Mesh.Tests.Operator;

/// <summary>Paths, conditions and events for control-plane tests.</summary>
public static class Resource
{
    public const string Eventing = "/apis/eventing.knative.dev/v1";

    public static string Broker(string ns, string name) => $"{Eventing}/namespaces/{ns}/brokers/{name}";
    public static string Trigger(string ns, string name) => $"{Eventing}/namespaces/{ns}/triggers/{name}";

    public static JsonObject? Condition(JsonObject? obj, string type) =>
        (obj?["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => (string?)c["type"] == type);

    public static string? ConditionStatus(JsonObject? obj, string type) => (string?)Condition(obj, type)?["status"];
    public static string? ConditionReason(JsonObject? obj, string type) => (string?)Condition(obj, type)?["reason"];

    /// <summary>Waits until a condition has the given status (and reason, when one is given).</summary>
    public static async Task<JsonObject> WaitConditionAsync(this MeshHost mesh, string path, string type, string status, string? reason = null)
    {
        JsonObject? last = null;
        await Eventually.TrueAsync(async () =>
        {
            last = await mesh.GetAsync(path);
            return ConditionStatus(last, type) == status && (reason is null || ConditionReason(last, type) == reason);
        }, $"{path} to have {type}={status}{(reason is null ? "" : $" ({reason})")}", () => last?.ToJsonString() ?? "(missing)");
        return last!;
    }

    /// <summary>Sends one binary-mode CloudEvent to a broker's ingress and returns the status code.</summary>
    public static async Task<int> SendEventAsync(this MeshHost mesh, string ns, string broker, string id, string type = "dev.mesh.test")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/{ns}/{broker}") { Content = new StringContent("{}", Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("ce-specversion", "1.0");
        request.Headers.Add("ce-id", id);
        request.Headers.Add("ce-source", "/operator-tests");
        request.Headers.Add("ce-type", type);
        using var response = await mesh.Http.SendAsync(request);
        return (int)response.StatusCode;
    }

    /// <summary>PUTs a body with the given content type to a path.</summary>
    public static Task<HttpResponseMessage> PutAsync(this MeshHost mesh, string path, string body, string contentType)
    {
        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return mesh.Http.PutAsync(path, content);
    }
}
