using Mesh.Declarations;
using Mesh.Declarations.Yaml;

namespace Mesh.Tests.Declarations;

public sealed class YamlWriterTests
{
    [Fact]
    public void Strings_that_would_read_back_as_something_else_are_quoted_and_the_rest_are_plain()
    {
        var json = JsonNode.Parse("""
            {"s":"plain","n":"5","b":"true","colon":"a: b","url":"http://x:8080/y","empty":"","nul":null,
             "list":[1,"two",{"k":[true,{}]},[]],"nested":{"deep":{"x":1.5}},"quote":"say \"hi\"","multi":"a\nb",
             "unicode":"ä","trailing":"ends:"}
            """);

        var yaml = YamlWriter.Write(json);

        JsonNode.DeepEquals(DocumentReader.ReadYaml(yaml).Single(), json).ShouldBeTrue(yaml);
        yaml.ShouldContain("s: plain\n");
        yaml.ShouldContain("n: \"5\"\n");
        yaml.ShouldContain("b: \"true\"\n");
        yaml.ShouldContain("url: http://x:8080/y\n");
    }
}
