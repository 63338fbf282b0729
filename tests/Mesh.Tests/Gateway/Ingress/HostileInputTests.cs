using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Mesh.Gateway.Ingress;
using Mesh.Tests.Grains.Delivery;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;

namespace Mesh.Tests.Gateway.Ingress;

/// <summary>
/// Inputs that once cost the mesh memory for good or answered an empty 500: made-up names, bodies
/// that are not UTF-8, nesting deeper than any parser allows, metadata of the wrong type.
/// </summary>
public sealed class HostileInputTests(MeshFixture fixture) : IClassFixture<MeshFixture>
{
    private MeshHost Mesh => fixture.Mesh;

    [Fact]
    public async Task Posts_to_made_up_brokers_channels_sources_and_objects_leave_nothing_behind()
    {
        var before = await ActivationsAsync();
        await Parallel.ForEachAsync(Enumerable.Range(0, 400), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            using var broker = CloudEventRequests.Binary($"made-up-{i}");
            broker.RequestUri = new Uri($"/made-up/broker-{i}", UriKind.Relative);
            (await Mesh.Http.SendAsync(broker)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
            using var channel = CloudEventRequests.Binary($"made-up-{i}");
            channel.RequestUri = new Uri($"/channels/made-up/channel-{i}", UriKind.Relative);
            (await Mesh.Http.SendAsync(channel)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
            using var github = new HttpRequestMessage(HttpMethod.Post, $"/sources/github/made-up/source-{i}") { Content = new StringContent("{}") };
            github.Headers.Add("X-GitHub-Event", "push");
            github.Headers.Add("X-GitHub-Delivery", $"{i}");
            (await Mesh.Http.SendAsync(github)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
            (await Mesh.Http.GetAsync($"/apis/eventing.knative.dev/v1/namespaces/made-up/brokers/broker-{i}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        });

        Dictionary<string, int> after = [];
        await Eventually.TrueAsync(async () =>
        {
            after = await ActivationsAsync();
            return after.All(a => a.Value <= before.GetValueOrDefault(a.Key) + 2);
        }, "the activations for made-up names to go", () => string.Join(", ", after.Select(a => $"{a.Key}: {before.GetValueOrDefault(a.Key)} → {a.Value}")));
        Mesh.Services.GetRequiredService<IngressBatcher>().LaneCount.ShouldBe(0);
    }

    [Fact]
    public async Task The_ingress_lane_of_a_deleted_broker_goes_away()
    {
        await using var subscriber = await RecordingSubscriber.StartAsync();
        var scenario = await BrokerScenario.StartAsync(Mesh, subscriber, "hostile-lanes");
        (await scenario.SendAsync(CloudEventRequests.Binary("one"))).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await Mesh.Http.DeleteAsync("/apis/eventing.knative.dev/v1/namespaces/hostile-lanes/brokers/default")).EnsureSuccessStatusCode();
        (await scenario.SendAsync(CloudEventRequests.Binary("two"))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        Mesh.Services.GetRequiredService<IngressBatcher>().LaneCount.ShouldBe(0);
    }

    public static TheoryData<string, byte[]> NotUtf8 => new()
    {
        { "application/cloudevents+json", Spliced("{\"specversion\":\"1.0\",\"id\":\"a\",\"source\":\"/s\",\"type\":\"t\",\"subject\":\"", [0xFF, 0xFE], "\"}") },
        { "application/cloudevents+json", Spliced("{\"specversion\":\"1.0\",\"id\":\"", [0xC0, 0x80], "\",\"source\":\"/s\",\"type\":\"t\"}") },
        { "application/cloudevents+json", Spliced("{\"specversion\":\"1.0\",\"id\":\"a\",\"source\":\"/s\",\"type\":\"t\",\"data\":{\"k\":\"", [0xED, 0xA0, 0x80], "\"}}") },
        { "application/cloudevents-batch+json", Spliced("[{\"specversion\":\"1.0\",\"id\":\"a\",\"source\":\"", [0x80], "\",\"type\":\"t\"}]") },
    };

    private static byte[] Spliced(string before, byte[] notUtf8, string after) =>
        [.. Encoding.UTF8.GetBytes(before), .. notUtf8, .. Encoding.UTF8.GetBytes(after)];

    [Theory]
    [MemberData(nameof(NotUtf8))]
    public async Task A_structured_or_batch_event_that_is_not_UTF_8_is_a_400(string contentType, byte[] body)
    {
        var response = await PostAsync("/hostile/any", contentType, body);
        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("application/cloudevents+json", "{\"a\":", "}")]
    [InlineData("application/cloudevents-batch+json", "[", "]")]
    public async Task Nesting_deeper_than_64_levels_is_a_400(string contentType, string open, string close)
    {
        var body = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(open, 10_000)) + "1" + string.Concat(Enumerable.Repeat(close, 10_000)));
        var response = await PostAsync("/hostile/any", contentType, body);
        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("application/json", """{"apiVersion":"eventing.knative.dev/v1","kind":"Broker","metadata":[1,2]}""")]
    [InlineData("application/json", """{"apiVersion":"eventing.knative.dev/v1","kind":"Broker","metadata":"default"}""")]
    [InlineData("application/yaml", "apiVersion: eventing.knative.dev/v1\nkind: Broker\nmetadata: [name, default]\n")]
    public async Task A_resource_whose_metadata_is_not_an_object_is_a_422_naming_the_field(string contentType, string body)
    {
        foreach (var (method, path) in new[] { (HttpMethod.Put, "/apis/eventing.knative.dev/v1/namespaces/hostile/brokers/default"), (HttpMethod.Post, "/apis/eventing.knative.dev/v1/namespaces/hostile/brokers") })
        {
            using var request = new HttpRequestMessage(method, path) { Content = new StringContent(body, Encoding.UTF8) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
            var response = await Mesh.Http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            ((int)response.StatusCode).ShouldBe(422, text);
            text.ShouldContain("\"field\":\"metadata");
        }
    }

    [Fact]
    public async Task A_resource_body_nested_deeper_than_64_levels_is_a_400()
    {
        var body = "{\"spec\":" + string.Concat(Enumerable.Repeat("[", 5_000)) + string.Concat(Enumerable.Repeat("]", 5_000)) + "}";
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        var response = await Mesh.Http.PutAsync("/apis/eventing.knative.dev/v1/namespaces/hostile/brokers/deep", content);
        ((int)response.StatusCode).ShouldBe(400, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_GitHub_payload_longer_than_the_limit_is_a_413_even_without_a_Content_Length()
    {
        var limit = Mesh.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Mesh.Gateway.Hosting.GatewayOptions>>().Value.MaxEventBytes;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/sources/github/hostile/any")
        {
            // Streamed: sent chunked, so the receiver cannot know the length before it reads.
            Content = new StreamContent(new MemoryStream(new byte[limit + 1])),
        };
        request.Headers.TransferEncodingChunked = true;
        request.Headers.Add("X-GitHub-Event", "push");
        request.Headers.Add("X-GitHub-Delivery", "big");
        var response = await Mesh.Http.SendAsync(request);
        ((int)response.StatusCode).ShouldBe(413, await response.Content.ReadAsStringAsync());
    }

    private async Task<HttpResponseMessage> PostAsync(string path, string contentType, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return await Mesh.Http.PostAsync(path, content);
    }

    private async Task<Dictionary<string, int>> ActivationsAsync()
    {
        var management = Mesh.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
        var statistics = await management.GetSimpleGrainStatistics();
        return statistics
            .Where(s => s.GrainType.Contains("BrokerGrain", StringComparison.Ordinal) || s.GrainType.Contains("ChannelGrain", StringComparison.Ordinal)
                || s.GrainType.Contains("GitHubSourceGrain", StringComparison.Ordinal) || s.GrainType.Contains("DeclarationGrain", StringComparison.Ordinal))
            .GroupBy(s => s.GrainType)
            .ToDictionary(g => g.Key, g => g.Sum(s => s.ActivationCount));
    }
}
