using System.Net;
using System.Text;

namespace Mesh.Tests.Gateway.Ingress.Conformance;

/// <summary>
/// The CloudEvents HTTP conformance material (<c>shared/conformance/cloudevents-http</c>), loaded at run
/// time: each event POSTed to a broker of its own must reach a matching subscriber unchanged.
/// </summary>
[Collection(SharedMesh.Name)]
public sealed class CloudEventsHttpConformanceTests(MeshFixture fixture) : IAsyncLifetime
{
    private readonly MeshHost _mesh = fixture.Mesh;
    private RecordingSubscriber _subscriber = null!;

    public async Task InitializeAsync()
    {
        _subscriber = await RecordingSubscriber.StartAsync();
    }

    public static IEnumerable<object[]> YamlDocuments() =>
        CloudEventsHttpCase.Files().SelectMany(file => CloudEventsHttpCase.Load(file).Select(c => new object[] { file, c.Index }));

    public static IEnumerable<object[]> FeatureScenarios() =>
        HttpBindingScenario.Load().Select((s, i) => new object[] { i, s.Name });

    [Fact]
    public void All_fifteen_documents_and_four_scenarios_are_found()
    {
        YamlDocuments().Count().ShouldBe(15);
        FeatureScenarios().Count().ShouldBe(4);
    }

    [Theory]
    [MemberData(nameof(YamlDocuments))]
    public async Task A_1_0_event_MUST_reach_the_subscriber_with_the_same_attributes_extensions_and_data(string file, int index)
    {
        var @case = CloudEventsHttpCase.Load(file)[index];
        // This mesh takes CloudEvents 1.0 only, as the Knative data plane allows; 0.3 events are refused
        // (asserted below) rather than delivered, so their specversion is never changed either.
        if (@case.SpecVersion != "1.0")
        {
            await Refuses_a_0_3_event(@case);
            return;
        }
        var broker = await BrokerScenario.StartAsync(_mesh, _subscriber, Namespace(file, index));

        var response = await _mesh.Http.SendAsync(@case.ToRequest(broker.Path));

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var got = await broker.WaitForAsync(@case.Id);
        foreach (var (name, value) in @case.ExpectedAttributes())
            got[name].ShouldBe(value, $"attribute {name} of {@case}");
        if (@case.Structured)
            JsonNode.DeepEquals(JsonNode.Parse(got.Data), JsonNode.Parse(@case.Data!)).ShouldBeTrue(got.DataText);
        else
            got.Data.ShouldBe(Encoding.UTF8.GetBytes(@case.Data ?? ""), $"data of {@case}");
    }

    private async Task Refuses_a_0_3_event(CloudEventsHttpCase @case)
    {
        @case.SpecVersion.ShouldBe("0.3");
        var response = await _mesh.Http.SendAsync(@case.ToRequest("/cf-v03/any"));

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "specversion");
    }

    [Theory]
    [MemberData(nameof(FeatureScenarios))]
    public async Task An_HTTP_request_of_the_binding_scenarios_MUST_reach_the_subscriber_as_the_expected_event(int index, string name)
    {
        var scenario = HttpBindingScenario.Load()[index];
        scenario.Name.ShouldBe(name);
        var broker = await BrokerScenario.StartAsync(_mesh, _subscriber, $"cf-feature-{index}");

        var response = await _mesh.Http.SendAsync(scenario.ToRequest(broker.Path));

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var got = await broker.WaitForAsync(scenario.ExpectedAttributes["id"]);
        foreach (var (attribute, value) in scenario.ExpectedAttributes)
            got[attribute].ShouldBe(value, $"attribute {attribute} in '{name}'");
        JsonNode.DeepEquals(JsonNode.Parse(got.Data), JsonNode.Parse(scenario.ExpectedDataJson)).ShouldBeTrue(got.DataText);
    }

    private static string Namespace(string file, int index) =>
        $"cf-{Path.GetFileNameWithoutExtension(file).Replace('_', '-').ToLowerInvariant()}-{index}";

    public async Task DisposeAsync()
    {
        await _subscriber.DisposeAsync();
    }
}
