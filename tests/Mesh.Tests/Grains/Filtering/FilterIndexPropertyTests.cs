using CsCheck;
using Mesh.Grains.Events;
using Mesh.Grains.Filtering;

namespace Mesh.Tests.Grains.Filtering;

/// <summary>The index must return exactly what evaluating every trigger's filter one by one returns.</summary>
public sealed class FilterIndexPropertyTests
{
    // Small alphabets so that random filters and events actually meet.
    private static readonly string[] Attributes = ["type", "source", "subject", "myext"];
    private static readonly Gen<string> Value = Gen.OneOf("", "a", "ab", "abc", "b", "ba", "bab", "c", "abcab");
    private static readonly Gen<string> Attribute = Gen.OneOf(Attributes);

    private static readonly Gen<Dictionary<string, string>> OneAttribute =
        Gen.Select(Attribute, Value, (a, v) => new Dictionary<string, string> { [a] = v });

    private static Gen<FilterSpec> Filter(int depth)
    {
        var leaf = Gen.OneOf(
            Gen.Const(FilterSpec.MatchAll),
            OneAttribute.Select(a => new FilterSpec(FilterKind.Exact, a)),
            OneAttribute.Select(a => new FilterSpec(FilterKind.Prefix, a)),
            OneAttribute.Select(a => new FilterSpec(FilterKind.Suffix, a)),
            Gen.Select(Attribute, Value, Attribute, Value, (a1, v1, a2, v2) =>
                new FilterSpec(FilterKind.Attributes, new Dictionary<string, string> { [a1] = v1, [a2] = v2 })));
        if (depth == 0) return leaf;
        var child = Filter(depth - 1);
        return Gen.OneOf(
            leaf,
            child.Array[0, 3].Select(c => new FilterSpec(FilterKind.All, Children: c)),
            child.Array[0, 3].Select(c => new FilterSpec(FilterKind.Any, Children: c)),
            child.Select(c => new FilterSpec(FilterKind.Not, Children: [c])));
    }

    private static readonly Gen<EventEnvelope> Event =
        Gen.Select(Attribute.Array[0, 4], Value.Array[4], (names, values) =>
        {
            var attributes = new Dictionary<string, string> { ["specversion"] = "1.0", ["id"] = "1" };
            for (var i = 0; i < names.Length; i++) attributes[names[i]] = values[i];
            return new EventEnvelope(attributes, []);
        });

    [Fact]
    public void Index_matches_exactly_the_filters_that_pass_one_by_one()
    {
        Gen.Select(Filter(2).Array[0, 25], Event.Array[1, 10]).Sample((filters, events) =>
        {
            var index = new FilterIndex();
            for (var i = 0; i < filters.Length; i++) index.Set($"t{i}", filters[i]);
            foreach (var e in events)
            {
                var expected = Enumerable.Range(0, filters.Length)
                    .Where(i => FilterCompiler.Compile(filters[i]).Matches(e)).Select(i => $"t{i}").Order();
                Assert.Equal(expected, index.Match(e).Order());
            }
        }, iter: 2000);
    }

    [Fact]
    public void Index_stays_exact_when_triggers_are_replaced_and_removed()
    {
        Gen.Select(Filter(2).Array[1, 20], Filter(2).Array[1, 20], Gen.Int[0, 19].Array[0, 10], Event.Array[1, 5])
            .Sample((first, second, removed, events) =>
            {
                var index = new FilterIndex();
                var live = new Dictionary<string, FilterSpec>();
                for (var i = 0; i < first.Length; i++) { index.Set($"t{i}", first[i]); live[$"t{i}"] = first[i]; }
                for (var i = 0; i < second.Length; i++) { index.Set($"t{i}", second[i]); live[$"t{i}"] = second[i]; }
                foreach (var r in removed) { index.Remove($"t{r}"); live.Remove($"t{r}"); }
                foreach (var e in events)
                {
                    var expected = live.Where(kv => FilterCompiler.Compile(kv.Value).Matches(e)).Select(kv => kv.Key).Order();
                    Assert.Equal(expected, index.Match(e).Order());
                }
            }, iter: 1000);
    }

    [Fact]
    public void Index_finds_the_one_matching_trigger_among_a_thousand_exact_ones_and_a_prefix()
    {
        var index = new FilterIndex();
        for (var i = 0; i < 1000; i++) index.Set($"x{i}", new FilterSpec(FilterKind.Exact, new() { ["type"] = $"type-{i}" }));
        index.Set("p", new FilterSpec(FilterKind.Prefix, new() { ["source"] = "/orders" }));
        var e = new EventEnvelope(new Dictionary<string, string> { ["type"] = "type-7", ["source"] = "/orders/1" }, []);
        Assert.Equal(["p", "x7"], index.Match(e).Order());
    }
}
