using Mesh.Operator.Kinds.SinkBinding;

namespace Mesh.Tests.Operator.Kinds.SinkBinding;

public sealed class BindingEnvironmentTests
{
    private static JsonObject Deployment() => JsonNode.Parse("""
        {"metadata":{"name":"app","annotations":{"keep":"this"}},
         "spec":{"template":{"spec":{
           "initContainers":[{"name":"init"}],
           "containers":[{"name":"main","env":[{"name":"KEEP","value":"me"},{"name":"K_SINK","value":"http://stale/"}]},{"name":"side"}]}}}}
        """)!.AsObject();

    [Fact]
    public void Binding_sets_the_variables_once_in_every_container_and_keeps_the_containers_own()
    {
        var subject = Deployment();
        var variables = BindingEnvironment.Variables(new Uri("http://sink.example/"), new Dictionary<string, string> { ["team"] = "mesh" }, caCerts: "PEM");

        BindingEnvironment.Bind(subject, "b1", variables).ShouldBeTrue();

        var containers = subject["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Concat(subject["spec"]!["template"]!["spec"]!["initContainers"]!.AsArray());
        foreach (var container in containers)
        {
            var env = container!["env"]!.AsArray().ToDictionary(e => (string)e!["name"]!, e => (string?)e!["value"]);
            env["K_SINK"].ShouldBe("http://sink.example/");
            env["K_CE_OVERRIDES"].ShouldBe("""{"extensions":{"team":"mesh"}}""");
            env["K_CA_CERTS"].ShouldBe("PEM");
        }
        subject["spec"]!["template"]!["spec"]!["containers"]![0]!["env"]!.AsArray().Count(e => (string?)e!["name"] == "K_SINK").ShouldBe(1);
        BindingEnvironment.BindingOf(subject).ShouldBe("b1");
        BindingEnvironment.Bind(subject, "b1", variables).ShouldBeFalse("binding again with the same sink changes nothing");
    }

    [Fact]
    public void Unbinding_takes_out_exactly_what_binding_put_in()
    {
        var original = Deployment();
        // The stale K_SINK is the binding's name, so it goes too; everything else is as before.
        var expected = Deployment();
        expected["spec"]!["template"]!["spec"]!["containers"]![0]!["env"] = new JsonArray(new JsonObject { ["name"] = "KEEP", ["value"] = "me" });
        var subject = original.DeepClone().AsObject();
        BindingEnvironment.Bind(subject, "b1", BindingEnvironment.Variables(new Uri("http://sink.example/"), new Dictionary<string, string>(), null));

        BindingEnvironment.Unbind(subject).ShouldBeTrue();

        subject.ToJsonString().ShouldBe(expected.ToJsonString());
        BindingEnvironment.Unbind(subject).ShouldBeFalse();
    }

    [Fact]
    public void Without_extensions_or_CACerts_only_K_SINK_is_set()
    {
        BindingEnvironment.Variables(new Uri("http://sink.example/"), new Dictionary<string, string>(), null)
            .ShouldBe([("K_SINK", "http://sink.example/")]);
    }
}
