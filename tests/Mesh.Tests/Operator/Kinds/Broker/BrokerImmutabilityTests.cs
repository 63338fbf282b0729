namespace Mesh.Tests.Operator.Kinds.Broker;

/// <summary>A broker's class (its annotation) and <c>spec.config</c> are fixed once it exists, as in Knative.</summary>
[Collection(SharedMesh.Name)]
public sealed class BrokerImmutabilityTests(MeshFixture fixture)
{
    private const string ClassAnnotation = "eventing.knative.dev/broker.class";
    private readonly MeshHost _mesh = fixture.Mesh;

    private static string Broker(string ns, string annotations = "{}", string spec = "{}") => $$"""
        apiVersion: eventing.knative.dev/v1
        kind: Broker
        metadata: { name: default, namespace: {{ns}}, annotations: {{annotations}} }
        spec: {{spec}}
        """;

    [Fact]
    public async Task A_broker_without_a_class_is_the_meshs_and_says_so()
    {
        var broker = await _mesh.MustApplyAsync(Broker("class-default"));

        ((string?)broker["metadata"]!["annotations"]![ClassAnnotation]).ShouldBe("Mesh");
    }

    [Fact]
    public async Task Changing_the_class_is_refused_and_the_broker_keeps_its_own()
    {
        await _mesh.MustApplyAsync(Broker("class-change"));

        var response = await _mesh.ApplyAsync(Broker("class-change", $"{{ \"{ClassAnnotation}\": MTChannelBasedBroker }}"));

        var errors = await response.ShouldBeRefusedAsync("metadata.annotations");
        ((string)errors[0]!["message"]!).ShouldContain(ClassAnnotation);
        var stored = await _mesh.GetAsync(Resource.Broker("class-change", "default"));
        ((string?)stored!["metadata"]!["annotations"]![ClassAnnotation]).ShouldBe("Mesh");
    }

    [Fact]
    public async Task Re_applying_with_or_without_the_class_it_has_is_no_change()
    {
        var first = await _mesh.MustApplyAsync(Broker("class-same", $"{{ \"{ClassAnnotation}\": Mesh }}"));

        var again = await _mesh.MustApplyAsync(Broker("class-same"));

        ((long)again["metadata"]!["generation"]!).ShouldBe((long)first["metadata"]!["generation"]!);
    }

    [Fact]
    public async Task Changing_spec_config_is_refused_and_the_broker_keeps_its_own()
    {
        const string config = "{ config: { apiVersion: v1, kind: ConfigMap, name: defaults, namespace: knative-eventing } }";
        await _mesh.MustApplyAsync(Broker("config-change", spec: config));

        var changed = await _mesh.ApplyAsync(Broker("config-change", spec: config.Replace("defaults", "other")));
        var dropped = await _mesh.ApplyAsync(Broker("config-change"));

        await changed.ShouldBeRefusedAsync("spec.config");
        await dropped.ShouldBeRefusedAsync("spec.config");
        var stored = await _mesh.GetAsync(Resource.Broker("config-change", "default"));
        ((string?)stored!["spec"]!["config"]!["name"]).ShouldBe("defaults");
        await _mesh.MustApplyAsync(Broker("config-change", spec: config));
    }
}
