using System.Net;
using System.Text;

namespace Mesh.Tests.Infrastructure;

/// <summary>Posting binary-mode CloudEvents to a broker's ingress.</summary>
public static class MeshHostEvents
{
    /// <summary>Posts one event to <c>/{namespace}/{broker}</c> and fails the test unless it is accepted.</summary>
    public static async Task SendEventAsync(this MeshHost mesh, string brokerPath, string id, string type,
        string source = "/tests", IReadOnlyDictionary<string, string>? extensions = null, string data = "{}")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, brokerPath)
        {
            Content = new StringContent(data, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("ce-specversion", "1.0");
        request.Headers.Add("ce-id", id);
        request.Headers.Add("ce-source", source);
        request.Headers.Add("ce-type", type);
        foreach (var (name, value) in extensions ?? new Dictionary<string, string>())
            request.Headers.Add("ce-" + name, value);
        using var response = await mesh.Http.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted,
            $"{brokerPath} answered {(int)response.StatusCode} to event {id}: {await response.Content.ReadAsStringAsync()}");
    }
}
