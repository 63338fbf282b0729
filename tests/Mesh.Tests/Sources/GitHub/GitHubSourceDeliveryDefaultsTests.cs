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
        await using var flaky = await RecordingSubscriber.StartAsync();
        await using var refusing = await RecordingSubscriber.StartAsync();
        await using var deadLetters = await RecordingSubscriber.StartAsync();
        var failures = 0;
        flaky.Respond = (_, _) => Task.FromResult(Interlocked.Increment(ref failures) <= 2 ? 503 : 202);
        refusing.Respond = (_, _) => Task.FromResult(503);
        await fixture.ApplySourceAsync("defaults", "Codertocat/defaults", "push", flaky.Url.ToString(),
            $"  delivery: {{ deadLetterSink: {{ uri: \"{deadLetters.Url}\" }} }}");
        // The sentinel: a source that retries nothing reaches the same dead-letter sink at once.
        await fixture.ApplySourceAsync("defaults-sentinel", "Codertocat/sentinel", "push", refusing.Url.ToString(),
            $"  delivery: {{ retry: 0, deadLetterSink: {{ uri: \"{deadLetters.Url}\" }} }}");
        await fixture.Mesh.WaitReadyAsync(GitHubFixture.SourcePath("defaults"));
        await fixture.Mesh.WaitReadyAsync(GitHubFixture.SourcePath("defaults-sentinel"));

        await PostAsync("defaults", "flaky-1");
        await flaky.WaitForCountAsync(3);
        await PostAsync("defaults-sentinel", "sentinel-1");
        await deadLetters.WaitForCountAsync(1);

        deadLetters.Received.Select(r => r.Ce("id")).ShouldBe(["sentinel-1"]);
        flaky.Received.Count.ShouldBe(3, "two failures and the retry that succeeded");
        // Lower bounds only: a timer on a loaded machine may fire late, never early.
        var waits = flaky.Received.Zip(flaky.Received.Skip(1), (a, b) => b.At - a.At).ToList();
        waits[0].ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(180), "the default backoff starts at 200 ms");
        waits[1].ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(360), "and doubles");
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
