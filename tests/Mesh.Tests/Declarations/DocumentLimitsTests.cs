using System.Diagnostics;
using System.Text;
using Mesh.Declarations;

namespace Mesh.Tests.Declarations;

/// <summary>Hostile texts are refused quickly, with bounded memory, and never by overflowing the stack.</summary>
public sealed class DocumentLimitsTests
{
    /// <summary>The classic "billion laughs": nine levels of nine aliases each, 10^9 strings once expanded, in about 425 bytes.</summary>
    private static string AliasBomb()
    {
        var text = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (var level = 'b'; level <= 'i'; level++)
        {
            var previous = (char)(level - 1);
            text.Append($"{level}: &{level} [{string.Join(",", Enumerable.Repeat($"*{previous}", 9))}]\n");
        }
        return text.ToString();
    }

    [Fact]
    public void An_alias_bomb_is_refused_quickly_and_with_bounded_memory()
    {
        var bomb = AliasBomb();
        bomb.Length.ShouldBeLessThan(500);
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();

        var e = Should.Throw<DocumentException>(() => DocumentReader.ReadYaml(bomb));

        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(2));
        (GC.GetAllocatedBytesForCurrentThread() - allocated).ShouldBeLessThan(20L * 1024 * 1024);
        e.Reason.ShouldContain($"{DocumentLimits.Default.MaxAliasedNodes} nodes, the limit");
        e.Line.ShouldBeGreaterThan(1);
    }

    [Fact]
    public void More_aliases_than_the_limit_are_refused_even_when_each_is_small()
    {
        var text = "a: &a x\nlist: [" + string.Join(", ", Enumerable.Repeat("*a", DocumentLimits.Default.MaxAliases + 1)) + "]\n";
        Should.Throw<DocumentException>(() => DocumentReader.ReadYaml(text)).Reason.ShouldContain($"more than {DocumentLimits.Default.MaxAliases} aliases");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Nesting_to_the_limit_is_read_and_one_level_more_is_refused_where_it_starts(bool flow)
    {
        var limit = DocumentLimits.Default.MaxDepth;
        DocumentReader.ReadYaml(Nested(limit, flow)).Single().ShouldNotBeNull();

        var e = Should.Throw<DocumentException>(() => DocumentReader.ReadYaml(Nested(limit + 1, flow)));

        e.Reason.ShouldContain($"deeper than {limit} levels, the limit");
        (e.Line, e.Column).ShouldBe((1, flow ? limit + 1 : 2 * limit + 1));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_400_KB_text_of_nesting_is_refused_without_overflowing_the_stack(bool flow)
    {
        var text = flow ? new string('[', 400_000) : Nested(200_000, flow: false);
        text.Length.ShouldBeGreaterThanOrEqualTo(400_000);
        Should.Throw<DocumentException>(() => DocumentReader.ReadYaml(text)).Reason.ShouldContain("the limit");
    }

    [Fact]
    public void An_alias_that_would_nest_past_the_limit_is_refused()
    {
        var half = DocumentLimits.Default.MaxDepth / 2 + 1;
        var text = $"a: &deep {Nested(half, flow: true)}\nb: {new string('[', half)}*deep{new string(']', half)}\n";
        Should.Throw<DocumentException>(() => DocumentReader.ReadYaml(text)).Reason.ShouldContain("the limit");
    }

    [Fact]
    public void Json_deeper_than_the_limit_is_refused_with_its_position()
    {
        var limit = DocumentLimits.Default.MaxDepth;
        DocumentReader.ReadJson(Nested(limit, flow: true)).ShouldNotBeNull();
        var e = Should.Throw<DocumentException>(() => DocumentReader.ReadJson(Nested(limit + 1, flow: true)));
        e.Reason.ShouldContain($"deeper than {limit} levels, the limit");
        e.Line.ShouldBe(1);
    }

    [Fact]
    public void More_nodes_than_the_limit_are_refused_in_yaml_and_in_json()
    {
        var limit = DocumentLimits.Default.MaxNodes;
        var list = "[" + string.Join(",", Enumerable.Repeat("0", limit)) + "]";
        var allocated = GC.GetAllocatedBytesForCurrentThread();

        Should.Throw<DocumentException>(() => DocumentReader.ReadYaml(list)).Reason.ShouldContain($"more than {limit} nodes, the limit");
        Should.Throw<DocumentException>(() => DocumentReader.ReadJson(list)).Reason.ShouldContain($"more than {limit} nodes, the limit");
        (GC.GetAllocatedBytesForCurrentThread() - allocated).ShouldBeLessThan(100L * 1024 * 1024);
        DocumentReader.ReadJson("[" + string.Join(",", Enumerable.Repeat("0", limit - 1)) + "]")!.AsArray().Count.ShouldBe(limit - 1);
    }

    [Fact]
    public void A_text_larger_than_the_limit_is_refused_as_too_large()
    {
        var limits = new DocumentLimits { MaxSize = 1024 };
        var text = "a: " + new string('x', 1100);
        Should.Throw<DocumentException>(() => DocumentReader.ReadYaml(text, limits)).TooLarge.ShouldBeTrue();
        Should.Throw<DocumentException>(() => DocumentReader.ReadJson($"\"{new string('x', 1100)}\"", limits)).TooLarge.ShouldBeTrue();
    }

    /// <summary>Sequences nested <paramref name="depth"/> deep around one scalar, in flow (<c>[[1]]</c>) or block style (<c>- - 1</c>).</summary>
    private static string Nested(int depth, bool flow) =>
        flow ? new string('[', depth) + "1" + new string(']', depth) : string.Concat(Enumerable.Repeat("- ", depth)) + "1\n";
}
