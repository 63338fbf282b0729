using Mesh.Operator.Kubernetes.Webhooks;

namespace Mesh.Tests.Kubernetes.Webhooks;

public sealed class JsonPatchDiffTests
{
    [Fact]
    public void A_default_becomes_an_add_with_the_slash_in_an_annotation_name_escaped_and_unknown_fields_are_never_removed()
    {
        var before = JsonNode.Parse("""{"metadata":{"name":"b","annotations":{"other":"x"}},"spec":{"mine":1,"config":{"a":1}}}""")!.AsObject();
        var after = JsonNode.Parse("""{"metadata":{"name":"b","annotations":{"other":"x","eventing.knative.dev/broker.class":"Mesh"}},"spec":{"config":{"a":2},"schedule":"* * * * *"}}""")!.AsObject();

        var patch = JsonPatchDiff.Between(before, after, "metadata.annotations", "spec");

        patch.ToJsonString().ShouldBe("""[{"op":"add","path":"/metadata/annotations/eventing.knative.dev~1broker.class","value":"Mesh"},{"op":"replace","path":"/spec/config/a","value":2},{"op":"add","path":"/spec/schedule","value":"* * * * *"}]""");
    }

    [Fact]
    public void Equal_objects_give_an_empty_patch_and_a_missing_map_is_added_whole()
    {
        var before = JsonNode.Parse("""{"metadata":{"name":"b"},"spec":{}}""")!.AsObject();
        var after = JsonNode.Parse("""{"metadata":{"name":"b","annotations":{"k":"v"}},"spec":{}}""")!.AsObject();

        JsonPatchDiff.Between(before, (JsonObject)before.DeepClone(), "metadata.annotations", "spec").ShouldBeEmpty();
        JsonPatchDiff.Between(before, after, "metadata.labels", "metadata.annotations", "spec").ToJsonString()
            .ShouldBe("""[{"op":"add","path":"/metadata/annotations","value":{"k":"v"}}]""");
    }
}
