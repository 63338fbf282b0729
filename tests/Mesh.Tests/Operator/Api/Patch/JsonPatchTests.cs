using Mesh.Operator.Api.Patch;

namespace Mesh.Tests.Operator.Api.Patch;

/// <summary>RFC 6902 JSON patch and RFC 7386 merge patch on documents, each rule of the RFCs as a case.</summary>
public sealed class JsonPatchTests
{
    private static JsonNode? Apply(string document, string patch) => JsonPatch.Parse(JsonNode.Parse(patch)).Apply(JsonNode.Parse(document));

    private static void ShouldBeJson(JsonNode? actual, string expected) =>
        JsonNode.DeepEquals(actual, JsonNode.Parse(expected)).ShouldBeTrue($"{actual?.ToJsonString()} is not {expected}");

    [Theory]
    [InlineData("""{"a":1}""", """[{"op":"add","path":"/b","value":[1]}]""", """{"a":1,"b":[1]}""")]
    [InlineData("""{"a":[1,3]}""", """[{"op":"add","path":"/a/1","value":2}]""", """{"a":[1,2,3]}""")]
    [InlineData("""{"a":[1]}""", """[{"op":"add","path":"/a/-","value":2}]""", """{"a":[1,2]}""")]
    [InlineData("""{"a":1}""", """[{"op":"add","path":"/a","value":2}]""", """{"a":2}""")]
    [InlineData("""{"a":1,"b":2}""", """[{"op":"remove","path":"/a"}]""", """{"b":2}""")]
    [InlineData("""{"a":[1,2,3]}""", """[{"op":"remove","path":"/a/0"}]""", """{"a":[2,3]}""")]
    [InlineData("""{"a":{"x":1}}""", """[{"op":"replace","path":"/a","value":"s"}]""", """{"a":"s"}""")]
    [InlineData("""{"a":{"x":1},"b":{}}""", """[{"op":"move","from":"/a/x","path":"/b/y"}]""", """{"a":{},"b":{"y":1}}""")]
    [InlineData("""{"a":[1,2,3]}""", """[{"op":"move","from":"/a/0","path":"/a/2"}]""", """{"a":[2,3,1]}""")]
    [InlineData("""{"a":{"x":[1]}}""", """[{"op":"copy","from":"/a","path":"/b"},{"op":"add","path":"/b/x/-","value":2}]""", """{"a":{"x":[1]},"b":{"x":[1,2]}}""")]
    [InlineData("""{"a/b":1,"m~n":2}""", """[{"op":"test","path":"/a~1b","value":1},{"op":"remove","path":"/m~0n"}]""", """{"a/b":1}""")]
    [InlineData("""{"a":{"b":[1,{"c":null}]}}""", """[{"op":"test","path":"/a/b","value":[1,{"c":null}]}]""", """{"a":{"b":[1,{"c":null}]}}""")]
    [InlineData("""{"a":1}""", """[{"op":"replace","path":"","value":{"z":0}}]""", """{"z":0}""")]
    public void Each_operation_does_what_the_RFC_says(string document, string patch, string expected) =>
        ShouldBeJson(Apply(document, patch), expected);

    [Theory]
    [InlineData("""{"a":1}""", """[{"op":"remove","path":"/b"}]""")]
    [InlineData("""{"a":1}""", """[{"op":"replace","path":"/b","value":1}]""")]
    [InlineData("""{"a":[1]}""", """[{"op":"add","path":"/a/5","value":1}]""")]
    [InlineData("""{"a":[1]}""", """[{"op":"add","path":"/a/01","value":1}]""")]
    [InlineData("""{"a":[1]}""", """[{"op":"remove","path":"/a/-"}]""")]
    [InlineData("""{"a":1}""", """[{"op":"add","path":"/x/y","value":1}]""")]
    [InlineData("""{"a":1}""", """[{"op":"test","path":"/a","value":"1"}]""")]
    [InlineData("""{"a":{"b":1}}""", """[{"op":"move","from":"/a","path":"/a/b/c"}]""")]
    [InlineData("""{"a":1}""", """[{"op":"copy","from":"/nothing","path":"/b"}]""")]
    public void An_operation_that_does_not_apply_fails_the_patch_and_leaves_the_document_as_it_was(string document, string patch)
    {
        var original = JsonNode.Parse(document);
        var parsed = JsonPatch.Parse(JsonNode.Parse(patch));

        Should.Throw<PatchException>(() => parsed.Apply(original));
        ShouldBeJson(original, document);
    }

    [Theory]
    [InlineData("""{"op":"add","path":"/a","value":1}""")]
    [InlineData("""[{"op":"add","path":"/a"}]""")]
    [InlineData("""[{"op":"frobnicate","path":"/a"}]""")]
    [InlineData("""[{"op":"remove","path":"a"}]""")]
    [InlineData("""[{"op":"remove","path":"/a~2"}]""")]
    [InlineData("""[{"op":"move","path":"/a"}]""")]
    [InlineData("""[{"path":"/a"}]""")]
    [InlineData("""[1]""")]
    public void A_patch_that_is_not_a_list_of_well_formed_operations_is_refused_before_anything_applies(string patch) =>
        Should.Throw<FormatException>(() => JsonPatch.Parse(JsonNode.Parse(patch)));

    [Theory]
    [InlineData("""{"a":"b"}""", """{"a":"c"}""", """{"a":"c"}""")]
    [InlineData("""{"a":"b"}""", """{"b":"c"}""", """{"a":"b","b":"c"}""")]
    [InlineData("""{"a":"b","b":"c"}""", """{"a":null}""", """{"b":"c"}""")]
    [InlineData("""{"a":["b"]}""", """{"a":["c","d"]}""", """{"a":["c","d"]}""")]
    [InlineData("""{"a":{"b":"c"}}""", """{"a":{"b":"d","c":null}}""", """{"a":{"b":"d"}}""")]
    [InlineData("""{"a":"x"}""", """{"a":{"b":{"c":null,"d":1}}}""", """{"a":{"b":{"d":1}}}""")]
    [InlineData("""{"e":null}""", """{"a":1}""", """{"e":null,"a":1}""")]
    [InlineData("""{"a":1}""", """{}""", """{"a":1}""")]
    public void A_merge_patch_merges_objects_removes_nulls_and_replaces_everything_else(string document, string patch, string expected)
    {
        var original = JsonNode.Parse(document);
        ShouldBeJson(MergePatch.Apply(original, JsonNode.Parse(patch)), expected);
        ShouldBeJson(original, document);
    }
}
