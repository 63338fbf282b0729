using System.Text.Json;
using System.Text.Json.Nodes;
using Mesh.Cli.Yaml;

namespace Mesh.Tests.Cli;

public sealed class YamlConversionTests
{
    [Theory]
    [InlineData("v: 5", """{"v":5}""")]
    [InlineData("v: -0x1F", """{"v":"-0x1F"}""")]
    [InlineData("v: 0x1F", """{"v":31}""")]
    [InlineData("v: 2.5e3", """{"v":2500}""")]
    [InlineData("v: '5'", """{"v":"5"}""")]
    [InlineData("v: \"true\"", """{"v":"true"}""")]
    [InlineData("v: true", """{"v":true}""")]
    [InlineData("v: yes", """{"v":"yes"}""")]
    [InlineData("v: ~", """{"v":null}""")]
    [InlineData("v:", """{"v":null}""")]
    [InlineData("v: .inf", """{"v":".inf"}""")]
    [InlineData("v: !!str 5", """{"v":"5"}""")]
    [InlineData("v: [1, a, {b: null}]", """{"v":[1,"a",{"b":null}]}""")]
    [InlineData("8080: port", """{"8080":"port"}""")]
    [InlineData("v: |\n  line one\n  line two\n", """{"v":"line one\nline two\n"}""")]
    public void Scalars_resolve_by_the_yaml_1_2_core_schema(string yaml, string json) =>
        JsonNode.DeepEquals(YamlToJson.Convert(yaml).Single(), JsonNode.Parse(json))
            .ShouldBeTrue(YamlToJson.Convert(yaml).Single().ToJsonString());

    [Fact]
    public void Every_non_empty_document_of_a_stream_is_returned()
    {
        var documents = YamlToJson.Convert("---\na: 1\n---\n---\nb: 2\n...\n");

        documents.Select(d => d.ToJsonString()).ShouldBe(["""{"a":1}""", """{"b":2}"""]);
    }

    [Fact]
    public void Duplicate_keys_are_refused()
    {
        Should.Throw<YamlDotNet.Core.YamlException>(() => YamlToJson.Convert("a: 1\na: 2\n"));
    }

    [Fact]
    public void Json_written_as_yaml_reads_back_unchanged()
    {
        var json = JsonNode.Parse("""
            {"s":"plain","n":"5","b":"true","colon":"a: b","url":"http://x:8080/y","empty":"","nul":null,
             "list":[1,"two",{"k":[true,{}]},[]],"nested":{"deep":{"x":1.5}},"quote":"say \"hi\"","multi":"a\nb",
             "unicode":"ä","trailing":"ends:"}
            """);

        var yaml = JsonToYaml.Write(json);

        JsonNode.DeepEquals(YamlToJson.Convert(yaml).Single(), json).ShouldBeTrue(yaml);
        yaml.ShouldContain("s: plain\n");
        yaml.ShouldContain("n: \"5\"\n");
        yaml.ShouldContain("url: http://x:8080/y\n");
    }

    [Theory]
    [InlineData(4, "4s")]
    [InlineData(59, "59s")]
    [InlineData(180, "3m")]
    [InlineData(7200, "2h")]
    [InlineData(4 * 86400 + 5, "4d")]
    [InlineData(800 * 86400, "2y")]
    [InlineData(-3, "0s")]
    public void Ages_print_the_largest_whole_unit(int seconds, string expected) =>
        Mesh.Cli.Output.AgeFormatter.Format(TimeSpan.FromSeconds(seconds)).ShouldBe(expected);
}
