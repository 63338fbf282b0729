using Mesh.Operator.Resources;
using YamlDotNet.Core;

namespace Mesh.Tests.Operator.Resources;

public sealed class YamlDocumentsTests
{
    private static JsonObject One(string yaml) => YamlDocuments.Parse(yaml).Single()!.AsObject();

    [Fact]
    public void Plain_true_and_false_become_booleans()
    {
        var doc = One("a: true\nb: false");
        doc["a"]!.GetValueKind().ShouldBe(System.Text.Json.JsonValueKind.True);
        doc["b"]!.GetValueKind().ShouldBe(System.Text.Json.JsonValueKind.False);
    }

    [Fact]
    public void Plain_integers_and_decimals_become_numbers()
    {
        var doc = One("i: 123\nn: -4\nf: 1.5");
        doc["i"]!.GetValue<long>().ShouldBe(123);
        doc["n"]!.GetValue<long>().ShouldBe(-4);
        doc["f"]!.GetValue<double>().ShouldBe(1.5);
    }

    [Theory]
    [InlineData("a: null")]
    [InlineData("a: ~")]
    [InlineData("a:")]
    public void Plain_null_forms_become_json_null(string yaml)
    {
        var doc = One(yaml);
        doc.ContainsKey("a").ShouldBeTrue();
        doc["a"].ShouldBeNull();
    }

    [Theory]
    [InlineData("a: \"true\"", "true")]
    [InlineData("a: '123'", "123")]
    [InlineData("a: \"1.5\"", "1.5")]
    [InlineData("a: 'null'", "null")]
    [InlineData("a: \"\"", "")]
    public void Quoted_scalars_stay_strings(string yaml, string expected)
    {
        var value = One(yaml)["a"]!;
        value.GetValueKind().ShouldBe(System.Text.Json.JsonValueKind.String);
        value.GetValue<string>().ShouldBe(expected);
    }

    [Fact]
    public void Block_scalars_stay_strings()
    {
        One("a: |\n  42\n")["a"]!.GetValue<string>().ShouldBe("42\n");
    }

    [Fact]
    public void Plain_words_and_durations_stay_strings()
    {
        var doc = One("a: PT1S\nb: yes\nc: http://x/y");
        doc["a"]!.GetValue<string>().ShouldBe("PT1S");
        // YAML 1.2's core schema: only true/false are booleans, so "yes" stays a word.
        doc["b"]!.GetValue<string>().ShouldBe("yes");
        doc["c"]!.GetValue<string>().ShouldBe("http://x/y");
    }

    [Fact]
    public void Nested_mappings_and_sequences_keep_their_shape()
    {
        var doc = One("""
            spec:
              filters:
                - exact: { type: a }
                - prefix: { source: b }
            """);
        var filters = doc["spec"]!["filters"]!.AsArray();
        filters.Count.ShouldBe(2);
        filters[1]!["prefix"]!["source"]!.GetValue<string>().ShouldBe("b");
    }

    [Fact]
    public void Multi_document_text_gives_one_node_per_document()
    {
        var docs = YamlDocuments.Parse("a: 1\n---\nb: 2\n---\nc: 3\n");
        docs.Count.ShouldBe(3);
        docs[2]!["c"]!.GetValue<long>().ShouldBe(3);
    }

    [Theory]
    [InlineData("a: [1, 2\nb: {")]
    [InlineData("a: b: c")]
    [InlineData("a: 'unterminated")]
    [InlineData("a: 1\na: 2")]
    [InlineData("? [complex, key]\n: value")]
    public void Malformed_yaml_throws_a_yaml_exception(string text)
    {
        Should.Throw<YamlException>(() => YamlDocuments.Parse(text));
    }
}
