using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Mesh.Grains.Sources.GitHub;

namespace Mesh.Tests.Sources.GitHub;

/// <summary>A source layers its delivery over the same defaults a broker's triggers get: naming only a dead-letter sink still retries.</summary>
[Collection(GitHubCollection.Name)]
public sealed class GitHubSourceDeliveryDefaultsTests(GitHubFixture fixture)
{
    [Fact]
    public async Task A_source_naming_only_a_dead_letter_sink_retries_by_the_defaults_before_dead_lettering()
    {
        await using var endpoints = await DefaultRetries.StartAsync();
        await fixture.ApplySourceAsync("defaults", "Codertocat/defaults", "push", endpoints.Flaky.Url.ToString(),
            $"  delivery: {{ deadLetterSink: {{ uri: \"{endpoints.DeadLetters.Url}\" }} }}");
        // The sentinel: a source that retries nothing reaches the same dead-letter sink at once.
        await fixture.ApplySourceAsync("defaults-sentinel", "Codertocat/sentinel", "push", endpoints.Refusing.Url.ToString(),
            $"  delivery: {{ retry: 0, deadLetterSink: {{ uri: \"{endpoints.DeadLetters.Url}\" }} }}");
        await fixture.Mesh.WaitReadyAsync(GitHubFixture.SourcePath("defaults"));
        await fixture.Mesh.WaitReadyAsync(GitHubFixture.SourcePath("defaults-sentinel"));

        await PostAsync("defaults", "flaky-1");
        await endpoints.Flaky.WaitForCountAsync(3);
        await PostAsync("defaults-sentinel", "sentinel-1");
        await endpoints.DeadLetters.WaitForCountAsync(1);

        endpoints.ShouldHaveRetriedByTheDefaults("sentinel-1");
    }

    private async Task PostAsync(string source, string deliveryId)
    {
        var body = Encoding.UTF8.GetBytes("""{"ref":"refs/heads/main"}""");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/sources/github/gh/{source}") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-GitHub-Event", "push");
        request.Headers.Add("X-GitHub-Delivery", deliveryId);
        request.Headers.Add("X-Hub-Signature-256", WebhookSignature.Sign256(body, GitHubFixture.WebhookSecret));
        using var response = await fixture.Mesh.Http.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
    }
}
