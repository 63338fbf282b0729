using System.Net.Http.Headers;
using System.Text;

namespace Mesh.Tests.Upgrade;

/// <summary>
/// A CloudEvent the upgrade fixture sends to an ingress, the recording paths it must reach, and the
/// journal consumer that owes it when it was left owed.
/// </summary>
public sealed record FixtureEvent(
    string Ingress, string Id, string Type, string[] ArrivesAt, string? Consumer = null, string Source = "/upgrade-fixture", string? Priority = null)
{
    /// <summary>Posts it in binary mode and fails the test unless the mesh answers 202.</summary>
    public async Task SendAsync(HttpClient http)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Ingress)
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes($"{{\"id\":\"{Id}\"}}")),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json");
        request.Headers.Add("ce-specversion", "1.0");
        request.Headers.Add("ce-id", Id);
        request.Headers.Add("ce-source", Source);
        request.Headers.Add("ce-type", Type);
        if (Priority is not null) request.Headers.Add("ce-priority", Priority);
        using var response = await http.SendAsync(request);
        Assert.True((int)response.StatusCode == 202, $"POST {Ingress} ({Id}) answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }
}
