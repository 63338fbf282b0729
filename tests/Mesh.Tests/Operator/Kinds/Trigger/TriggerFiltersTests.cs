using Mesh.Grains.Filtering;
using Mesh.Operator.Kinds.Trigger;
using Mesh.Operator.Resources;

namespace Mesh.Tests.Operator.Kinds.Trigger;

public sealed class TriggerFiltersTests
{
    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"filter": {}}""")]
    [InlineData("""{"filter": {"attributes": {"type": "a", "source": ""}}}""")]
    [InlineData("""{"filters": [{"exact": {"type": "a"}}, {"prefix": {"source": "/x"}}, {"suffix": {"subject": ".png"}}]}""")]
    [InlineData("""{"filters": [{"any": [{"exact": {"type": "a"}}, {"not": {"exact": {"type": "b"}}}]}]}""")]
    [InlineData("""{"filters": [{"all": []}]}""")]
    public void Valid_filters_have_no_errors(string spec)
    {
        Validate(spec).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("""{"filter": {"attributes": {"Bad-Key": "x"}}}""", "spec.filter.attributes.Bad-Key")]
    [InlineData("""{"filter": {"attributes": {"Type": "x"}}}""", "spec.filter.attributes.Type")]
    [InlineData("""{"filter": {"attributes": {"type": 1}}}""", "spec.filter.attributes.type")]
    [InlineData("""{"filter": "type=a"}""", "spec.filter")]
    [InlineData("""{"filters": {"exact": {"type": "a"}}}""", "spec.filters")]
    [InlineData("""{"filters": [{"regex": {"type": "a"}}]}""", "spec.filters[0]")]
    [InlineData("""{"filters": [{"exact": {"type": "a"}, "prefix": {"type": "b"}}]}""", "spec.filters[0]")]
    [InlineData("""{"filters": [{"exact": {"type": "a", "source": "b"}}]}""", "spec.filters[0].exact")]
    [InlineData("""{"filters": [{"prefix": {"type": ""}}]}""", "spec.filters[0].prefix.type")]
    [InlineData("""{"filters": [{"any": {"exact": {"type": "a"}}}]}""", "spec.filters[0].any")]
    [InlineData("""{"filters": [{"all": [{"exact": {"type": "a"}}, {"bogus": {}}]}]}""", "spec.filters[0].all[1]")]
    [InlineData("""{"filters": [{"not": {"prefix": {"Bad": "a"}}}]}""", "spec.filters[0].not.prefix.Bad")]
    [InlineData("""{"filters": [{"cesql": "type = = 'a'"}]}""", "spec.filters[0].cesql")]
    [InlineData("""{"filters": [{"cesql": ""}]}""", "spec.filters[0].cesql")]
    [InlineData("""{"filters": [{"cesql": "NOSUCHFUNCTION(type)"}]}""", "spec.filters[0].cesql")]
    public void Invalid_filters_name_the_field_at_fault(string spec, string field)
    {
        Validate(spec).ShouldBe([field]);
    }

    [Fact]
    public void A_valid_cesql_filter_is_accepted_and_a_bad_one_names_the_position()
    {
        Validate("""{"filters": [{"cesql": "type = 'a' AND source LIKE '/orders/%'"}]}""").ShouldBeEmpty();
        var errors = new FieldErrors();
        TriggerFilters.Parse(Spec("""{"filters": [{"cesql": "type = = 'a'"}]}""", errors)).ShouldBeNull();
        errors.Items.Single().Message.ShouldContain("position");
    }

    [Fact]
    public void No_filter_matches_everything()
    {
        Read("{}").ShouldBe(FilterSpec.MatchAll);
    }

    [Fact]
    public void Legacy_attributes_read_as_an_attributes_filter()
    {
        var filter = Read("""{"filter": {"attributes": {"type": "a", "source": ""}}}""");
        filter.Kind.ShouldBe(FilterKind.Attributes);
        filter.Attributes!["type"].ShouldBe("a");
        filter.Attributes!["source"].ShouldBe("");
    }

    [Fact]
    public void Non_empty_filters_override_filter_and_are_anded()
    {
        var filter = Read("""
            {"filter": {"attributes": {"type": "ignored"}},
             "filters": [{"exact": {"type": "a"}}, {"not": {"suffix": {"subject": ".tmp"}}}]}
            """);
        filter.Kind.ShouldBe(FilterKind.All);
        filter.Children!.Length.ShouldBe(2);
        filter.Children[0].Kind.ShouldBe(FilterKind.Exact);
        filter.Children[0].Attributes!["type"].ShouldBe("a");
        filter.Children[1].Kind.ShouldBe(FilterKind.Not);
        filter.Children[1].Children![0].Kind.ShouldBe(FilterKind.Suffix);
        filter.Children[1].Children![0].Attributes!["subject"].ShouldBe(".tmp");
    }

    [Fact]
    public void An_empty_filters_list_falls_back_to_filter()
    {
        var filter = Read("""{"filter": {"attributes": {"type": "a"}}, "filters": []}""");
        filter.Kind.ShouldBe(FilterKind.Attributes);
    }

    private static string[] Validate(string spec)
    {
        var errors = new FieldErrors();
        var filter = TriggerFilters.Parse(Spec(spec, errors));
        (filter is null).ShouldBe(errors.Any);
        return [.. errors.Items.Select(e => e.Field)];
    }

    private static FilterSpec Read(string spec)
    {
        var errors = new FieldErrors();
        var filter = TriggerFilters.Parse(Spec(spec, errors));
        errors.Items.ShouldBeEmpty();
        return filter!;
    }

    private static FieldReader Spec(string json, FieldErrors errors) => new(JsonNode.Parse(json)!.AsObject(), "spec", errors);
}
