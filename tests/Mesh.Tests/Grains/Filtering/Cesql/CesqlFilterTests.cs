using Mesh.Grains.Events;
using Mesh.Grains.Filtering;
using Mesh.Grains.Filtering.Cesql;

namespace Mesh.Tests.Grains.Filtering.Cesql;

public sealed class CesqlFilterTests
{
    private static EventEnvelope Event(params (string Name, string Value)[] extensions)
    {
        var attributes = new Dictionary<string, string>
        {
            ["specversion"] = "1.0",
            ["id"] = "e-1",
            ["source"] = "https://example.com/orders",
            ["type"] = "com.example.order.created",
        };
        foreach (var (name, value) in extensions) attributes[name] = value;
        return new EventEnvelope(attributes, []);
    }

    private static bool Passes(string expression, EventEnvelope envelope) =>
        FilterCompiler.Compile(new FilterSpec(FilterKind.Cesql, Expression: expression)).Matches(envelope);

    [Theory]
    [InlineData("sequence = 10", true)]
    [InlineData("sequence > 9 AND sequence < 11", true)]
    [InlineData("sequence + 1 = 11", true)]
    [InlineData("sequence = 11", false)]
    [InlineData("hop < ttl", true)]
    public void String_typed_extensions_compare_as_integers_through_implicit_casts(string expression, bool passes) =>
        Passes(expression, Event(("sequence", "10"), ("hop", "5"), ("ttl", "10"))).ShouldBe(passes);

    [Fact]
    public void Missing_attribute_rejects_the_event_even_under_NOT() =>
        Passes("NOT (myext = 'x')", Event()).ShouldBeFalse();

    [Fact]
    public void Any_evaluation_error_rejects_the_event() =>
        Passes("sequence = 10 OR 1 / 0 = 0", Event(("sequence", "9"))).ShouldBeFalse();

    [Fact]
    public void Non_boolean_result_rejects_the_event() =>
        Passes("type", Event()).ShouldBeFalse();

    [Fact]
    public void Matching_expression_passes_the_event() =>
        Passes("type LIKE 'com.example.%' AND source LIKE 'https://%' AND EXISTS id", Event()).ShouldBeTrue();

    [Fact]
    public void Invalid_expression_fails_at_compile_time_with_its_position()
    {
        var e = Should.Throw<CesqlParseException>(() =>
            FilterCompiler.Compile(new FilterSpec(FilterKind.Cesql, Expression: "type = ")));

        e.Position.ShouldBe(8);
    }

    [Fact]
    public void String_boolean_extension_is_read_as_a_boolean() =>
        Passes("enabled AND enabled = TRUE", Event(("enabled", "true"))).ShouldBeTrue();
}
