using Microsoft.Extensions.DependencyInjection;

namespace Mesh.Tests.Operator.Store;

/// <summary>Leaves (triggers) come by the thousand: their declarations do not stay in memory once applied, and are read back when asked for.</summary>
public sealed class DeclarationReleaseTests : IAsyncLifetime
{
    private const string Ns = "released";
    private MeshHost _mesh = null!;

    public async Task InitializeAsync() => _mesh = await MeshHost.StartAsync();

    public async Task DisposeAsync() => await _mesh.DisposeAsync();

    [Fact]
    public async Task A_triggers_declaration_is_let_go_after_its_apply_and_read_again_when_asked_for()
    {
        await _mesh.MustApplyAsync($"""
            apiVersion: eventing.knative.dev/v1
            kind: Broker
            metadata: {"{"} name: default, namespace: {Ns} {"}"}
            """);
        for (var i = 0; i < 5; i++)
            await _mesh.MustApplyAsync($$"""
                apiVersion: eventing.knative.dev/v1
                kind: Trigger
                metadata: { name: t-{{i}}, namespace: {{Ns}} }
                spec: { broker: default, subscriber: { uri: "http://127.0.0.1:9/" } }
                """);

        var management = _mesh.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
        async Task<string[]> ActiveDeclarations() =>
            [.. (await management.GetDetailedGrainStatistics()).Where(s => s.GrainId.Type.ToString() == "mesh.declaration").Select(s => s.GrainId.Key.ToString()!).Where(k => k.Contains($"/{Ns}/", StringComparison.Ordinal))];
        string[] active = [];
        await Eventually.TrueAsync(async () => !(active = await ActiveDeclarations()).Any(k => k.Contains("/triggers/", StringComparison.Ordinal)),
            "no trigger declaration to stay active after its apply", () => string.Join(", ", active));
        // The sentinel: the broker, not a leaf, is kept; so the query does see active declarations.
        active.ShouldContain(k => k.Contains("/brokers/", StringComparison.Ordinal));

        var trigger = await _mesh.WaitReadyAsync(Resource.Trigger(Ns, "t-3"));
        ((string?)trigger["metadata"]!["name"]).ShouldBe("t-3");
    }
}
