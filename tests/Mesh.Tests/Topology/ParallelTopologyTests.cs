using Microsoft.AspNetCore.Http;

namespace Mesh.Tests.Topology;

public class ParallelTopologyTests(SettingsMeshFixture fixture) : IClassFixture<SettingsMeshFixture>, IAsyncLifetime
{
    /// <summary>Settings of the mesh under test; the durable variant overrides them.</summary>
    protected virtual IDictionary<string, string?>? Settings => null;

    private MeshHost _mesh = null!;

    public async Task InitializeAsync() => _mesh = await fixture.MeshAsync(Settings);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Parallel_routes_each_event_to_the_branches_whose_filter_passes_it_and_replies_to_the_parallels_reply()
    {
        await using var evenFilter = await RecordingSubscriber.StartAsync();
        await using var oddFilter = await RecordingSubscriber.StartAsync();
        await using var evenBranch = await RecordingSubscriber.StartAsync();
        await using var oddBranch = await RecordingSubscriber.StartAsync();
        await using var everyBranch = await RecordingSubscriber.StartAsync();
        await using var reply = await RecordingSubscriber.StartAsync();
        evenFilter.Respond = PassOnly("x.even");
        oddFilter.Respond = PassOnly("x.odd");
        evenBranch.Respond = TopologyEvents.Transform("b0", "branch0");
        oddBranch.Respond = TopologyEvents.Transform("b1", "branch1");
        everyBranch.Respond = TopologyEvents.Transform("b2", "branch2");
        await _mesh.MustApplyAsync($$"""
            apiVersion: flows.knative.dev/v1
            kind: Parallel
            metadata: { name: fork, namespace: par }
            spec:
              channelTemplate: { apiVersion: messaging.knative.dev/v1, kind: InMemoryChannel }
              branches:
                - filter: { uri: "{{evenFilter.Url}}" }
                  subscriber: { uri: "{{evenBranch.Url}}" }
                - filter: { uri: "{{oddFilter.Url}}" }
                  subscriber: { uri: "{{oddBranch.Url}}" }
                - subscriber: { uri: "{{everyBranch.Url}}" }
              reply: { uri: "{{reply.Url}}" }
            """);

        var parallel = await _mesh.WaitReadyAsync("/apis/flows.knative.dev/v1/namespaces/par/parallels/fork");
        var status = parallel["status"]!;
        Assert.Equal("fork-kn-parallel", (string?)status["ingressChannelStatus"]!["channel"]!["name"]);
        Assert.Equal("True", (string?)status["ingressChannelStatus"]!["ready"]!["status"]);
        Assert.Equal(_mesh.BaseAddress.ToString().TrimEnd('/') + "/channels/par/fork-kn-parallel", (string?)status["address"]!["url"]);
        var branches = status["branchStatuses"]!.AsArray();
        Assert.Equal(3, branches.Count);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal($"fork-kn-parallel-{i}", (string?)branches[i]!["filterChannelStatus"]!["channel"]!["name"]);
            Assert.Equal($"fork-kn-parallel-filter-{i}", (string?)branches[i]!["filterSubscriptionStatus"]!["subscription"]!["name"]);
            Assert.Equal($"fork-kn-parallel-{i}", (string?)branches[i]!["subscriberSubscriptionStatus"]!["subscription"]!["name"]);
            Assert.Equal("True", (string?)branches[i]!["subscriberSubscriptionStatus"]!["ready"]!["status"]);
        }

        for (var i = 0; i < 4; i++)
            await TopologyEvents.SendAsync(_mesh, "/channels/par/fork-kn-parallel", $"p{i}", i % 2 == 0 ? "x.even" : "x.odd");

        await reply.WaitForCountAsync(8);
        await evenFilter.WaitForCountAsync(4);
        await oddFilter.WaitForCountAsync(4);
        Assert.Equal("p0,p2", TopologyEvents.Ids(evenBranch));
        Assert.Equal("p1,p3", TopologyEvents.Ids(oddBranch));
        Assert.Equal("p0,p1,p2,p3", TopologyEvents.Ids(everyBranch));
        var replies = reply.Received.Select(r => $"{r.Ce("id")}:{r.Ce("type")}").Order(StringComparer.Ordinal);
        Assert.Equal(["p0:x.even.b0", "p0:x.even.b2", "p1:x.odd.b1", "p1:x.odd.b2", "p2:x.even.b0", "p2:x.even.b2", "p3:x.odd.b1", "p3:x.odd.b2"], replies);
    }

    /// <summary>A Knative filter: passes an event by replying it unchanged, rejects it with 202 and no body.</summary>
    private static Func<ReceivedRequest, HttpResponse, Task<int>> PassOnly(string type) =>
        (received, response) => received.Ce("type") == type ? TopologyEvents.ReplyAsync(received, response) : Task.FromResult(202);
}
