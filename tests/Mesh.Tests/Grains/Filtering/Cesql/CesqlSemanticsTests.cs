using Mesh.Grains.Filtering.Cesql;

namespace Mesh.Tests.Grains.Filtering.Cesql;

/// <summary>Behaviour the TCK leaves open and this engine decides; each test says which way.</summary>
public sealed class CesqlSemanticsTests
{
    private static CesqlResult Run(string text, params (string Name, object? Value)[] attributes) =>
        CesqlExpression.Parse(text).Evaluate(attributes.ToDictionary(a => a.Name, a => a.Value));

    [Theory]
    [InlineData("2147483647 + 1", int.MinValue)]
    [InlineData("-2147483648 - 1", int.MaxValue)]
    [InlineData("-2147483648 / -1", int.MinValue)]
    [InlineData("65536 * 65536", 0)]
    [InlineData("-(-2147483648)", int.MinValue)]
    public void Integer_overflow_wraps_and_raises_a_math_error(string text, int wrapped)
    {
        var result = Run(text);

        result.Value.ShouldBe((long)wrapped);
        result.Errors.ShouldHaveSingleItem().Kind.ShouldBe(CesqlErrorKind.Math);
    }

    [Fact]
    public void Modulo_keeps_the_sign_of_the_dividend() => Run("-7 % 3").Value.ShouldBe(-1L);

    [Fact]
    public void Logic_operators_share_one_precedence_level_and_associate_left_as_spec_3_6_says() =>
        Run("TRUE OR FALSE AND FALSE").Value.ShouldBe(false);

    [Fact]
    public void Arithmetic_binds_tighter_than_comparison_which_binds_tighter_than_logic() =>
        Run("1 + 2 * 3 = 7 AND 10 % 4 = 2").Value.ShouldBe(true);

    [Fact]
    public void Long_host_values_outside_32_bits_read_as_strings() =>
        Run("big", ("big", 5_000_000_000L)).Value.ShouldBe("5000000000");

    [Fact]
    public void Null_attribute_values_count_as_missing() =>
        Run("EXISTS x", ("x", null)).Value.ShouldBe(false);

    [Theory]
    [InlineData("LENGTH('a😀b')", 3L)]
    [InlineData("SUBSTRING('a😀b', 2, 1)", "😀")]
    [InlineData("RIGHT('a😀', 1)", "😀")]
    public void String_functions_count_unicode_code_points_not_utf16_units(string text, object expected) =>
        Run(text).Value.ShouldBe(expected);

    [Theory]
    [InlineData("IS_INT('-12')", true)]
    [InlineData("IS_INT('1.5')", false)]
    [InlineData("IS_INT(TRUE)", false)]
    [InlineData("IS_BOOL('False')", true)]
    [InlineData("IS_BOOL(1)", false)]
    public void IS_INT_and_IS_BOOL_tell_whether_the_cast_would_succeed(string text, bool expected)
    {
        var result = Run(text);

        result.Value.ShouldBe(expected);
        result.Errors.ShouldBeEmpty();
    }

    [Fact]
    public void Like_matches_a_literal_backslash_when_it_escapes_nothing() =>
        Run(@"'a\b' LIKE 'a\b%'").Value.ShouldBe(true);

    [Fact]
    public void Like_backtracks_past_a_false_start() =>
        Run("'aab' LIKE '%ab'").Value.ShouldBe(true);

    [Fact]
    public void An_error_stops_evaluation_so_only_the_first_is_reported() =>
        Run("missing + 1 / 0").Errors.ShouldHaveSingleItem().Kind.ShouldBe(CesqlErrorKind.MissingAttribute);
}
