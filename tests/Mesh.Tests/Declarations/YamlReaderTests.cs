using System.Text.Json;
using Mesh.Declarations;

namespace Mesh.Tests.Declarations;

/// <summary>The one YAML reader of the server and the CLI: YAML 1.2's core schema, tags, duplicate keys, aliases.</summary>
public sealed class YamlReaderTests
{
    private static JsonNode? One(string yaml) => DocumentReader.ReadYaml(yaml).Single();

    [Theory]
    [InlineData("v: 5", """{"v":5}""")]
    [InlineData("v: -4", """{"v":-4}""")]
    [InlineData("v: 1.5", """{"v":1.5}""")]
    [InlineData("v: 0x1F", """{"v":31}""")]
    [InlineData("v: 0o17", """{"v":15}""")]
    [InlineData("v: -0x1F", """{"v":"-0x1F"}""")]
    [InlineData("v: 2.5e3", """{"v":2500}""")]
    [InlineData("v: '5'", """{"v":"5"}""")]
    [InlineData("v: \"1.5\"", """{"v":"1.5"}""")]
    [InlineData("v: \"true\"", """{"v":"true"}""")]
    [InlineData("v: 'null'", """{"v":"null"}""")]
    [InlineData("v: \"\"", """{"v":""}""")]
    [InlineData("v: true", """{"v":true}""")]
    [InlineData("v: False", """{"v":false}""")]
    [InlineData("v: yes", """{"v":"yes"}""")]
    [InlineData("v: on", """{"v":"on"}""")]
    [InlineData("v: ~", """{"v":null}""")]
    [InlineData("v: null", """{"v":null}""")]
    [InlineData("v:", """{"v":null}""")]
    [InlineData("v: .inf", """{"v":".inf"}""")]
    [InlineData("v: PT1S", """{"v":"PT1S"}""")]
    [InlineData("v: http://x/y", """{"v":"http://x/y"}""")]
    [InlineData("v: [1, a, {b: null}]", """{"v":[1,"a",{"b":null}]}""")]
    [InlineData("8080: port", """{"8080":"port"}""")]
    [InlineData("true: yes", """{"true":"yes"}""")]
    [InlineData("v: |\n  line one\n  line two\n", """{"v":"line one\nline two\n"}""")]
    [InlineData("v: |\n  42\n", """{"v":"42\n"}""")]
    [InlineData("v: >\n  folded\n  text\n", """{"v":"folded text\n"}""")]
    public void Scalars_resolve_by_the_yaml_1_2_core_schema(string yaml, string json) =>
        JsonNode.DeepEquals(One(yaml), JsonNode.Parse(json)).ShouldBeTrue(One(yaml)?.ToJsonString());

    [Theory]
    [InlineData("v: !!str 5", """{"v":"5"}""")]
    [InlineData("v: !!str true", """{"v":"true"}""")]
    [InlineData("v: !!int \"12\"", """{"v":12}""")]
    [InlineData("v: !!bool 'true'", """{"v":true}""")]
    [InlineData("v: !!float 1", """{"v":1.0}""")]
    [InlineData("v: !!null ''", """{"v":null}""")]
    [InlineData("v: ! 5", """{"v":"5"}""")]
    [InlineData("v: !!map {a: 1}", """{"v":{"a":1}}""")]
    [InlineData("v: !!seq [1]", """{"v":[1]}""")]
    public void Explicit_tags_are_honoured(string yaml, string json) =>
        JsonNode.DeepEquals(One(yaml), JsonNode.Parse(json)).ShouldBeTrue(One(yaml)?.ToJsonString());

    [Theory]
    [InlineData("v: !!int abc", 1, 4)]
    [InlineData("v: !!bool yes", 1, 4)]
    [InlineData("v: !!binary aGk=", 1, 4)]
    [InlineData("v: !custom x", 1, 4)]
    [InlineData("v: !!str [1]", 1, 4)]
    public void A_scalar_that_is_not_of_its_tag_or_an_unknown_tag_is_refused_where_it_stands(string yaml, int line, int column)
    {
        var e = Should.Throw<DocumentException>(() => One(yaml));
        (e.Line, e.Column).ShouldBe((line, column), e.Message);
    }

    [Fact]
    public void Nested_mappings_and_sequences_keep_their_shape()
    {
        var doc = One("""
            spec:
              filters:
                - exact: { type: a }
                - prefix: { source: b }
            """)!;
        var filters = doc["spec"]!["filters"]!.AsArray();
        filters.Count.ShouldBe(2);
        filters[1]!["prefix"]!["source"]!.GetValue<string>().ShouldBe("b");
    }

    [Fact]
    public void Every_document_of_a_stream_is_returned_and_an_empty_one_is_null()
    {
        var documents = DocumentReader.ReadYaml("---\na: 1\n---\n---\nb: 2\n...\n");
        documents.Select(d => d?.ToJsonString()).ShouldBe(["""{"a":1}""", null, """{"b":2}"""]);
    }

    [Fact]
    public void A_duplicate_key_is_refused_naming_the_key_and_where_it_repeats()
    {
        var e = Should.Throw<DocumentException>(() => One("a: 1\nb: 2\na: 3\n"));
        e.Reason.ShouldContain("duplicate key \"a\"");
        (e.Line, e.Column).ShouldBe((3, 1));
    }

    [Fact]
    public void An_alias_repeats_its_anchored_node()
    {
        var doc = One("labels: &common {app: shop, tier: web}\nmore: *common\nname: &n checkout\ncopy: *n\n")!;
        JsonNode.DeepEquals(doc["more"], doc["labels"]).ShouldBeTrue();
        doc["copy"]!.GetValue<string>().ShouldBe("checkout");
    }

    [Theory]
    [InlineData("a: *nowhere\n")]
    [InlineData("a: &self [1, *self]\n")]
    public void An_alias_without_a_complete_anchor_before_it_is_refused(string yaml) =>
        Should.Throw<DocumentException>(() => One(yaml)).Reason.ShouldContain("no complete anchor");

    [Theory]
    [InlineData("a: [1, 2\nb: {")]
    [InlineData("a: b: c")]
    [InlineData("a: 'unterminated")]
    [InlineData("? [complex, key]\n: value")]
    [InlineData("a:\n  - 1\n - 2")]
    public void Malformed_yaml_is_refused_with_a_line_and_column(string text)
    {
        var e = Should.Throw<DocumentException>(() => DocumentReader.ReadYaml(text));
        e.Line.ShouldBeGreaterThan(0, e.Message);
        e.Message.ShouldStartWith($"line {e.Line}, column {e.Column}: ");
    }

    [Fact]
    public void Json_is_read_with_duplicate_properties_refused()
    {
        DocumentReader.ReadJson("""{"a": 1, "b": [true]}""")!["b"]![0]!.GetValueKind().ShouldBe(JsonValueKind.True);
        Should.Throw<DocumentException>(() => DocumentReader.ReadJson("""{"a": 1, "a": 2}"""));
    }

    [Fact]
    public void A_body_must_be_exactly_one_object()
    {
        DocumentReader.ReadObject("kind: Broker", json: false)["kind"]!.GetValue<string>().ShouldBe("Broker");
        Should.Throw<DocumentException>(() => DocumentReader.ReadObject("a: 1\n---\nb: 2\n", json: false)).Reason.ShouldContain("2 documents");
        Should.Throw<DocumentException>(() => DocumentReader.ReadObject("- 1\n", json: false));
        Should.Throw<DocumentException>(() => DocumentReader.ReadObject("[1]", json: true));
    }
}
