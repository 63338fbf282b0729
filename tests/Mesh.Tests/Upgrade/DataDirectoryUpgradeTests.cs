using System.Text;
using Mesh.Grains.Sources.GitHub;
using Mesh.Tests.Faults;
using Mesh.Tests.Sources.GitHub;
using Mesh.Tests.Topology;
using Xunit.Abstractions;

namespace Mesh.Tests.Upgrade;

/// <summary>
/// Upgrades keep state: a data directory written by an earlier version (a committed fixture, see
/// Fixtures/README.md) loads in today's mesh, keeps every declaration, delivers what its journal
/// still owed, and routes new events as before.
/// </summary>
[Trait("Category", "Slow")]
public sealed class DataDirectoryUpgradeTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Arrival = TimeSpan.FromSeconds(30);

    public static TheoryData<string> Fixtures => [.. FixtureManifest.Names()];

    [Fact]
    public void At_least_one_fixture_is_committed() =>
        FixtureManifest.Names().ShouldNotBeEmpty($"no fixture with a {FixtureManifest.FileName} under {FixtureManifest.Root}");

    [Theory, MemberData(nameof(Fixtures))]
    public async Task A_fixture_journal_owes_what_its_manifest_says_with_retries_already_scheduled(string fixture)
    {
        var manifest = FixtureManifest.Read(fixture);
        using var copy = FixtureCopy.Of(fixture);
        var rows = await OwedRows.ReadAsync(copy.DataDirectory);
        rows.OrderBy(r => r.Key, StringComparer.Ordinal).ShouldBe(manifest.Journal.OrderBy(r => r.Key, StringComparer.Ordinal));
        rows.Keys.ShouldBe(manifest.Owed.Select(o => o.Consumer!).Distinct(), ignoreOrder: true);
        rows.Values.ShouldContain(r => r.Retried > 0, "some deliveries should have a retry scheduled");
        rows.Values.ShouldContain(r => r.Rows > r.Retried, "some deliveries should still be at attempt 0");
    }

    [Theory, MemberData(nameof(Fixtures))]
    public async Task Todays_mesh_loads_an_earlier_data_directory_keeps_its_declarations_delivers_what_it_owed_and_routes_new_events(string fixture)
    {
        var manifest = FixtureManifest.Read(fixture);
        manifest.Ports.ShouldBe(new FixturePorts(UpgradeTopology.MeshPort, UpgradeTopology.SubscriberPort, UpgradeTopology.GitHubPort),
            "the fixture was made for other ports than UpgradeTopology names");
        using var ports = await FixedPorts.ClaimAsync(UpgradeTopology.Ports);
        await using var subscribers = await RecordingSubscriber.StartAsync(UpgradeTopology.SubscriberPort);
        subscribers.Respond = (request, response) =>
            UpgradeTopology.Echoing.Contains(request.Path) ? TopologyEvents.ReplyAsync(request, response) : Task.FromResult(202);
        // Knows no repository: a GitHubSource that called GitHub again would fail, and be seen here.
        await using var github = await GitHubApiDouble.StartAsync(UpgradeTopology.GitHubPort);
        using var copy = FixtureCopy.Of(fixture);
        // The GitHub API double is not api.github.com: it is allowed as an operator allows an Enterprise server.
        var settings = new Dictionary<string, string>
        {
            ["Mesh:DataDirectory"] = copy.DataDirectory,
            ["Mesh:Sources:GitHub:ApiUrls:0"] = github.Url.ToString(),
        };
        await using var silo = new SiloProcess($"upgrade-{fixture}", settings, output, UpgradeTopology.MeshPort);
        await silo.StartAsync();

        await AllArriveAsync(subscribers, [.. Arrivals(manifest.Owed)], "owed by the fixture's journal");

        foreach (var before in manifest.Declarations.Select(d => d!.AsObject()))
            await ShouldBeKeptAsync(silo.Http, before);
        foreach (var collection in UpgradeTopology.Collections)
        {
            var listed = (await ResourceApi.GetAsync(silo.Http, collection))?["items"]?.AsArray().Select(i => (string?)i!["metadata"]!["name"]);
            var declared = manifest.Declarations.Where(d => FixtureManifest.PathOf(d!).StartsWith(collection + "/", StringComparison.Ordinal))
                .Select(d => (string?)d!["metadata"]!["name"]);
            (listed ?? []).ShouldBe(declared, ignoreOrder: true, $"GET {collection} lists other objects than the fixture stored");
        }
        github.Calls.ShouldBeEmpty("the GitHubSource's stored status says its hook is configured: loading it must not call GitHub again");

        foreach (var sent in UpgradeTopology.AfterUpgrade) await sent.SendAsync(silo.Http);
        await SendPushAsync(silo.Http, "new-push");
        await AllArriveAsync(subscribers, [.. Arrivals(UpgradeTopology.AfterUpgrade), ("/github", "new-push")], "sent after loading");

        // Everything above has arrived, so a dead letter would have been sent by now.
        subscribers.Received.Where(r => r.Path.Contains("dead-letter", StringComparison.Ordinal)).Select(r => $"{r.Path}: {r.Ce("id")}")
            .ShouldBeEmpty("no delivery should have run out of retries");
    }

    /// <summary>
    /// The object is still stored as it was (metadata and spec), with the same Ready state, address and
    /// hook: every status field the earlier version wrote keeps its value; a later version may add
    /// fields beside them (an address's <c>audience</c>, since the mesh issues tokens).
    /// </summary>
    private static async Task ShouldBeKeptAsync(HttpClient http, JsonObject before)
    {
        var path = FixtureManifest.PathOf(before);
        var after = await ResourceApi.GetAsync(http, path);
        after.ShouldNotBeNull($"{path} is no longer stored");
        var (declaredBefore, declaredAfter) = (WithoutStatus(before), WithoutStatus(after));
        JsonNode.DeepEquals(declaredBefore, declaredAfter).ShouldBeTrue(
            $"{path} changed on loading:\n before: {declaredBefore.ToJsonString()}\n after:  {declaredAfter.ToJsonString()}");
        if (ResourceApi.ReadyStatus(before) is { } ready) after = await ResourceApi.WaitReadyAsync(http, path, ready);
        foreach (var field in new[] { "address", "webhookIDKey", "sinkUri", "subscriberUri" })
            Keeps(before["status"]?[field], after["status"]?[field]).ShouldBeTrue(
                $"{path} status.{field} was {before["status"]?[field]?.ToJsonString()}, is {after["status"]?[field]?.ToJsonString()}");
    }

    private static bool Keeps(JsonNode? before, JsonNode? after) =>
        before is JsonObject fields
            ? after is JsonObject now && fields.All(field => Keeps(field.Value, now[field.Key]))
            : JsonNode.DeepEquals(before, after);

    // metadata.resourceVersion changes with every write (status writes too), so it is not part of what is kept.
    private static JsonObject WithoutStatus(JsonObject declaration)
    {
        var copy = declaration.DeepClone().AsObject();
        copy.Remove("status");
        (copy["metadata"] as JsonObject)?.Remove("resourceVersion");
        return copy;
    }

    private static IEnumerable<(string Path, string Id)> Arrivals(IEnumerable<FixtureEvent> events) =>
        events.SelectMany(e => e.ArrivesAt.Select(path => (path, e.Id)));

    private static async Task AllArriveAsync(RecordingSubscriber subscribers, IReadOnlyList<(string Path, string Id)> expected, string what)
    {
        List<(string Path, string Id)> missing = [];
        await Eventually.TrueAsync(() =>
        {
            var received = subscribers.Received.Select(r => (r.Path, r.Ce("id"))).ToHashSet();
            missing = [.. expected.Where(e => !received.Contains(e))];
            return missing.Count == 0;
        }, $"every event {what} to arrive", () => "missing " + string.Join(", ", missing.Select(m => $"{m.Id} at {m.Path}")), Arrival);
    }

    /// <summary>A signed push delivery to the GitHubSource's receiver: its secret token and sink were kept.</summary>
    private static async Task SendPushAsync(HttpClient http, string deliveryId)
    {
        var body = Encoding.UTF8.GetBytes($$$"""
            {"ref":"refs/heads/main","compare":"https://github.com/{{{UpgradeTopology.GitHubRepository}}}/compare/a...b",
             "repository":{"name":"repo","owner":{"login":"example"}},"sender":{"login":"someone"},"pusher":{"name":"someone"}}
            """);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/sources/github/{UpgradeTopology.Namespace}/repo") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("X-GitHub-Event", "push");
        request.Headers.Add("X-GitHub-Delivery", deliveryId);
        request.Headers.Add("X-Hub-Signature-256", WebhookSignature.Sign256(body, UpgradeTopology.WebhookSecret));
        using var response = await http.SendAsync(request);
        Assert.True((int)response.StatusCode == 202, $"the GitHub receiver answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }
}
