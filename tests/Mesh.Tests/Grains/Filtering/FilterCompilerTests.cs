using Mesh.Grains.Events;
using Mesh.Grains.Filtering;

namespace Mesh.Tests.Grains.Filtering;

public sealed class FilterCompilerTests
{
    private static EventEnvelope Event(params (string Name, string Value)[] extra)
    {
        var attributes = new Dictionary<string, string>
        {
            ["specversion"] = "1.0", ["id"] = "e-1", ["source"] = "/orders/eu", ["type"] = "com.example.order.created",
        };
        foreach (var (name, value) in extra) attributes[name] = value;
        return new EventEnvelope(attributes, []);
    }

    private static Dictionary<string, string> Map(params (string Name, string Value)[] pairs) =>
        pairs.ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);

    private static bool Matches(FilterSpec spec, EventEnvelope e) => FilterCompiler.Compile(spec).Matches(e);

    private static FilterSpec Exact(string name, string value) => new(FilterKind.Exact, Map((name, value)));
    private static FilterSpec Prefix(string name, string value) => new(FilterKind.Prefix, Map((name, value)));
    private static FilterSpec Suffix(string name, string value) => new(FilterKind.Suffix, Map((name, value)));

    [Fact]
    public void No_filter_passes_every_event() =>
        Matches(FilterSpec.MatchAll, Event()).ShouldBeTrue();

    [Fact]
    public void Legacy_attributes_match_exact_values() =>
        Matches(new FilterSpec(FilterKind.Attributes, Map(("type", "com.example.order.created"), ("source", "/orders/eu"))), Event())
            .ShouldBeTrue();

    [Fact]
    public void Legacy_attributes_need_every_listed_attribute_to_match() =>
        Matches(new FilterSpec(FilterKind.Attributes, Map(("type", "com.example.order.created"), ("source", "/orders/us"))), Event())
            .ShouldBeFalse();

    [Fact]
    public void Legacy_attributes_compare_case_sensitively() =>
        Matches(new FilterSpec(FilterKind.Attributes, Map(("type", "com.example.Order.created"))), Event()).ShouldBeFalse();

    [Fact]
    public void Legacy_empty_value_means_present_and_non_empty()
    {
        var spec = new FilterSpec(FilterKind.Attributes, Map(("region", "")));
        Matches(spec, Event(("region", "eu"))).ShouldBeTrue();
        Matches(spec, Event(("region", ""))).ShouldBeFalse();
        Matches(spec, Event()).ShouldBeFalse();
    }

    [Fact]
    public void Legacy_attribute_missing_from_the_event_does_not_match() =>
        Matches(new FilterSpec(FilterKind.Attributes, Map(("region", "eu"))), Event()).ShouldBeFalse();

    [Fact]
    public void Legacy_filter_with_no_attributes_passes_everything()
    {
        Matches(new FilterSpec(FilterKind.Attributes, Map()), Event()).ShouldBeTrue();
        Matches(new FilterSpec(FilterKind.Attributes), Event()).ShouldBeTrue();
    }

    [Fact]
    public void Exact_matches_the_whole_value_case_sensitively()
    {
        Matches(Exact("type", "com.example.order.created"), Event()).ShouldBeTrue();
        Matches(Exact("type", "com.example.order"), Event()).ShouldBeFalse();
        Matches(Exact("type", "COM.example.order.created"), Event()).ShouldBeFalse();
    }

    [Fact]
    public void Exact_on_a_missing_attribute_does_not_match() =>
        Matches(Exact("region", "eu"), Event()).ShouldBeFalse();

    [Fact]
    public void Prefix_matches_the_start_of_the_value()
    {
        Matches(Prefix("type", "com.example."), Event()).ShouldBeTrue();
        Matches(Prefix("type", "com.Example."), Event()).ShouldBeFalse();
        Matches(Prefix("type", "example"), Event()).ShouldBeFalse();
        Matches(Prefix("region", "e"), Event()).ShouldBeFalse();
    }

    [Fact]
    public void Suffix_matches_the_end_of_the_value()
    {
        Matches(Suffix("type", ".created"), Event()).ShouldBeTrue();
        Matches(Suffix("type", ".Created"), Event()).ShouldBeFalse();
        Matches(Suffix("type", "com.example"), Event()).ShouldBeFalse();
        Matches(Suffix("region", "u"), Event()).ShouldBeFalse();
    }

    [Fact]
    public void All_needs_every_nested_filter()
    {
        Matches(new FilterSpec(FilterKind.All, Children: [Prefix("type", "com.example."), Suffix("source", "/eu")]), Event()).ShouldBeTrue();
        Matches(new FilterSpec(FilterKind.All, Children: [Prefix("type", "com.example."), Suffix("source", "/us")]), Event()).ShouldBeFalse();
    }

    [Fact]
    public void All_of_an_empty_list_passes() =>
        Matches(new FilterSpec(FilterKind.All, Children: []), Event()).ShouldBeTrue();

    [Fact]
    public void Any_needs_one_nested_filter()
    {
        Matches(new FilterSpec(FilterKind.Any, Children: [Exact("type", "nope"), Suffix("source", "/eu")]), Event()).ShouldBeTrue();
        Matches(new FilterSpec(FilterKind.Any, Children: [Exact("type", "nope"), Suffix("source", "/us")]), Event()).ShouldBeFalse();
    }

    [Fact]
    public void Any_of_an_empty_list_passes_nothing() =>
        Matches(new FilterSpec(FilterKind.Any, Children: []), Event()).ShouldBeFalse();

    [Fact]
    public void Not_passes_what_its_filter_rejects()
    {
        Matches(new FilterSpec(FilterKind.Not, Children: [Exact("type", "com.example.order.created")]), Event()).ShouldBeFalse();
        Matches(new FilterSpec(FilterKind.Not, Children: [Exact("type", "other")]), Event()).ShouldBeTrue();
        Matches(new FilterSpec(FilterKind.Not, Children: [Exact("region", "eu")]), Event()).ShouldBeTrue();
    }

    [Fact]
    public void Dialects_nest()
    {
        var spec = new FilterSpec(FilterKind.All, Children:
        [
            Prefix("type", "com.example."),
            new FilterSpec(FilterKind.Any, Children: [Exact("source", "/orders/us"), new FilterSpec(FilterKind.Not, Children: [Exact("region", "eu")])]),
        ]);
        Matches(spec, Event()).ShouldBeTrue();
        Matches(spec, Event(("region", "eu"))).ShouldBeFalse();
    }

    [Fact]
    public void Cesql_compiles_to_a_filter_that_matches_on_a_true_result()
    {
        var spec = new FilterSpec(FilterKind.Cesql, Expression: "type = 'com.example.order.created'");
        Matches(spec, Event()).ShouldBeTrue();
        Matches(spec, Event(("type", "other"))).ShouldBeFalse();
    }
}
