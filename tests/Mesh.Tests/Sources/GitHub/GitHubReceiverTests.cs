using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Mesh.Grains.Sources.GitHub;

namespace Mesh.Tests.Sources.GitHub;

[Collection(GitHubCollection.Name)]
public sealed class GitHubReceiverTests(GitHubFixture fixture) : IAsyncLifetime
{
    private const string Source = "receiver";
    private const string Receiver = $"/sources/github/gh/{Source}";

    public async Task InitializeAsync()
    {
        await fixture.ApplySourceAsync(Source, "Codertocat/Hello-World", "push, issues, issue_comment, pull_request, release, create",
            extra: "  ceOverrides: { extensions: { team: platform } }");
        await fixture.Mesh.WaitReadyAsync(GitHubFixture.SourcePath(Source));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static async Task<HttpResponseMessage> PostAsync(HttpClient http, string path, string gitHubEvent, string? deliveryId, byte[] body, Action<HttpRequestHeaders>? sign = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-GitHub-Event", gitHubEvent);
        if (deliveryId is not null) request.Headers.Add("X-GitHub-Delivery", deliveryId);
        if (sign is null) request.Headers.Add("X-Hub-Signature-256", WebhookSignature.Sign256(body, GitHubFixture.WebhookSecret));
        else sign(request.Headers);
        return await http.SendAsync(request);
    }

    private async Task<ReceivedRequest> DeliveredAsync(string deliveryId)
    {
        await Eventually.TrueAsync(() => fixture.Sink.Received.Any(r => r.Ce("id") == deliveryId), $"delivery {deliveryId} at the sink");
        return fixture.Sink.Received.First(r => r.Ce("id") == deliveryId);
    }

    private static string Last(string url) => url[(url.LastIndexOf('/') + 1)..];

    public static TheoryData<string> Events => ["push", "issues", "issue_comment", "pull_request", "release", "create", "ping"];

    [WebhookExamplesTheory]
    [MemberData(nameof(Events))]
    public async Task Signed_example_payload_arrives_as_a_CloudEvent_with_Knatives_subject_and_the_exact_bytes(string gitHubEvent)
    {
        var payload = WebhookExamples.First(gitHubEvent);
        var body = Encoding.UTF8.GetBytes(payload.ToJsonString());
        var deliveryId = Guid.NewGuid().ToString();

        var response = await PostAsync(fixture.Mesh.Http, Receiver, gitHubEvent, deliveryId, body);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var got = await DeliveredAsync(deliveryId);
        Assert.Equal($"dev.knative.source.github.{gitHubEvent}", got.Ce("type"));
        Assert.Equal("https://github.com/Codertocat/Hello-World", got.Ce("source"));
        Assert.Equal("application/json", got.Header("content-type"));
        Assert.Equal(body, got.Body);
        Assert.Equal("platform", got.Ce("team"));
        var expectedSubject = gitHubEvent switch
        {
            "push" => Last((string)payload["compare"]!),
            "issues" => payload["issue"]!["number"]!.ToString(),
            "issue_comment" => Last((string)payload["comment"]!["html_url"]!),
            "pull_request" => payload["pull_request"]!["number"]!.ToString(),
            "release" => (string)payload["release"]!["tag_name"]!,
            "create" => (string)payload["ref_type"]!,
            "ping" => payload["hook_id"]!.ToString(),
            _ => throw new InvalidOperationException(gitHubEvent),
        };
        Assert.Equal(expectedSubject, Uri.UnescapeDataString(got.Ce("subject")!));
        if (payload["sender"]?["login"] is { } sender) Assert.Equal((string)sender!, got.Ce("sender"));
        if (payload["repository"]?["owner"]?["login"] is { } owner) Assert.Equal((string)owner!, got.Ce("owner"));
        if (payload["action"] is { } action) Assert.Equal((string)action!, got.Ce("action"));
    }

    [Fact]
    public async Task Forged_missing_and_wrong_secret_signatures_are_refused_with_401_and_nothing_is_emitted()
    {
        var body = """{"zen":"forged","hook_id":1}"""u8.ToArray();
        var ids = new List<string>();
        foreach (var sign in new Action<HttpRequestHeaders>[]
        {
            h => h.Add("X-Hub-Signature-256", "sha256=" + new string('0', 64)),
            h => { },
            h => h.Add("X-Hub-Signature-256", WebhookSignature.Sign256(body, "another secret")),
            h => h.Add("X-Hub-Signature-256", "not even hex"),
            h => h.Add("X-Hub-Signature", "sha1=" + Convert.ToHexStringLower(HMACSHA1.HashData("another secret"u8, body))),
        })
        {
            var id = Guid.NewGuid().ToString();
            ids.Add(id);
            var response = await PostAsync(fixture.Mesh.Http, Receiver, "ping", id, body, sign);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
        // A good one afterwards: once it is in, the refused ones would have been too.
        var good = Guid.NewGuid().ToString();
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(fixture.Mesh.Http, Receiver, "ping", good, body)).StatusCode);
        await DeliveredAsync(good);
        Assert.DoesNotContain(fixture.Sink.Received, r => ids.Contains(r.Ce("id")!));
    }

    [Theory]
    [InlineData("{\"hook_id\":\"\\ud800\",\"repository\":{\"name\":\"r\"}}")]
    [InlineData("{\"hook_id\":1,\"sender\":{\"login\":\"\\udfff\"}}")]
    [InlineData("{\"hook_id\":")]
    public async Task A_signed_payload_that_is_not_JSON_text_is_a_400_not_a_failure(string payload)
    {
        var body = System.Text.Encoding.UTF8.GetBytes(payload);
        var response = await PostAsync(fixture.Mesh.Http, Receiver, "ping", Guid.NewGuid().ToString(), body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task SHA1_signature_is_accepted_when_no_SHA256_signature_is_sent()
    {
        var body = """{"zen":"old enterprise","hook_id":7}"""u8.ToArray();
        var id = Guid.NewGuid().ToString();
        var response = await PostAsync(fixture.Mesh.Http, Receiver, "ping", id, body,
            h => h.Add("X-Hub-Signature", "sha1=" + Convert.ToHexStringLower(HMACSHA1.HashData(Encoding.UTF8.GetBytes(GitHubFixture.WebhookSecret), body))));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("7", (await DeliveredAsync(id)).Ce("subject"));
    }

    [Fact]
    public async Task Event_type_not_in_eventTypes_is_acknowledged_and_dropped()
    {
        var body = """{"action":"started","repository":{"id":1,"name":"Hello-World","owner":{"login":"Codertocat"}}}"""u8.ToArray();
        var dropped = Guid.NewGuid().ToString();
        var response = await PostAsync(fixture.Mesh.Http, Receiver, "watch", dropped, body);
        Assert.True(response.IsSuccessStatusCode, response.StatusCode.ToString());

        var good = Guid.NewGuid().ToString();
        await PostAsync(fixture.Mesh.Http, Receiver, "ping", good, """{"hook_id":2}"""u8.ToArray());
        await DeliveredAsync(good);
        Assert.DoesNotContain(fixture.Sink.Received, r => r.Ce("id") == dropped);
    }

    [Theory]
    [InlineData("X-GitHub-Event")]
    [InlineData("X-GitHub-Delivery")]
    public async Task Missing_GitHub_header_is_a_400_naming_it(string header)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Receiver) { Content = new ByteArrayContent("{}"u8.ToArray()) };
        if (header != "X-GitHub-Event") request.Headers.Add("X-GitHub-Event", "ping");
        if (header != "X-GitHub-Delivery") request.Headers.Add("X-GitHub-Delivery", "d-1");
        request.Headers.Add("X-Hub-Signature-256", WebhookSignature.Sign256("{}"u8.ToArray(), GitHubFixture.WebhookSecret));
        var response = await fixture.Mesh.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(header, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Unknown_source_is_a_404()
    {
        var response = await PostAsync(fixture.Mesh.Http, "/sources/github/gh/nobody", "ping", "x", "{}"u8.ToArray());
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Events_accepted_while_the_sink_is_down_arrive_when_it_comes_back()
    {
        await using var sink = await RecordingSubscriber.StartAsync();
        var failuresLeft = 8;
        sink.Respond = (_, _) => Task.FromResult(Interlocked.Decrement(ref failuresLeft) >= 0 ? 503 : 202);
        await fixture.ApplySourceAsync("flaky", "Codertocat/Flaky", "push", sink: sink.Url.ToString(),
            extra: "  delivery: { retry: 30, backoffPolicy: linear, backoffDelay: PT0.1S }");
        await fixture.Mesh.WaitReadyAsync(GitHubFixture.SourcePath("flaky"));

        var ids = Enumerable.Range(0, 3).Select(_ => Guid.NewGuid().ToString()).ToList();
        foreach (var id in ids)
        {
            var body = Encoding.UTF8.GetBytes($$"""{"ref":"refs/heads/main","compare":"https://github.com/Codertocat/Flaky/compare/{{id}}"}""");
            Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(fixture.Mesh.Http, "/sources/github/gh/flaky", "push", id, body)).StatusCode);
        }

        // The first 8 requests were answered 503; every event must be among those answered 202 after.
        await Eventually.TrueAsync(() => sink.Received.Skip(8).Select(r => r.Ce("id")).Distinct().Count() == ids.Count,
            "every event to reach the sink after it came back", () => $"{sink.Received.Count} requests", TimeSpan.FromSeconds(60));
        Assert.Equal(ids.Order(), sink.Received.Skip(8).Select(r => r.Ce("id")!).Distinct().Order());
        // A sink is not a subscriber: it is never asked for a reply.
        Assert.All(sink.Received, r => Assert.Null(r.Header("prefer")));
    }

    // Half a minute of outage is the point of this test: it runs with the slow suites.
    [Fact, Trait("Category", "Slow")]
    public async Task Events_accepted_while_the_sink_is_down_for_30_seconds_all_arrive_when_it_comes_back()
    {
        await using var sink = await RecordingSubscriber.StartAsync();
        var upAt = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(30);
        sink.Respond = (request, _) => Task.FromResult(request.At < upAt ? 503 : 202);
        // Retries at most 2 s apart, 40 of them: about 80 s of patience for a 30 s outage.
        await fixture.ApplySourceAsync("outage", "Codertocat/Outage", "push", sink: sink.Url.ToString(),
            extra: "  delivery: { retry: 40, backoffPolicy: linear, backoffDelay: PT1S, backoffMax: PT2S }");
        await fixture.Mesh.WaitReadyAsync(GitHubFixture.SourcePath("outage"));

        var ids = Enumerable.Range(0, 5).Select(_ => Guid.NewGuid().ToString()).ToList();
        foreach (var id in ids)
        {
            var body = Encoding.UTF8.GetBytes($$"""{"ref":"refs/heads/main","compare":"https://github.com/Codertocat/Outage/compare/{{id}}"}""");
            Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(fixture.Mesh.Http, "/sources/github/gh/outage", "push", id, body)).StatusCode);
        }

        await Eventually.TrueAsync(
            () => sink.Received.Where(r => r.At >= upAt).Select(r => r.Ce("id")).Distinct().Count() == ids.Count,
            "every event to reach the sink after its 30 s outage", () => $"{sink.Received.Count} requests", TimeSpan.FromSeconds(90));
        Assert.Contains(sink.Received, r => r.At < upAt);
    }
}
