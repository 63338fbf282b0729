using Mesh.Grains.Filtering.Cesql;

namespace Mesh.Tests.Grains.Filtering.Cesql;

public sealed class CesqlParseErrorTests
{
    [Theory]
    [InlineData("ABC(", 5)]
    [InlineData("", 1)]
    [InlineData("x LIKE 123", 8)]
    [InlineData("a = 'unterminated", 5)]
    [InlineData("a = 1 )", 7)]
    [InlineData("a ? b", 3)]
    [InlineData("2147483648", 1)]
    [InlineData("1 IN ()", 7)]
    [InlineData("EXISTS 'id'", 8)]
    [InlineData("my_ext = 1", 1)]
    [InlineData("a AND", 6)]
    [InlineData("12ab = 1", 3)]
    public void Parse_error_reports_the_1_based_position_of_the_offending_text(string text, int position)
    {
        var e = Should.Throw<CesqlParseException>(() => CesqlExpression.Parse(text));

        e.Position.ShouldBe(position, e.Message);
        e.Error.Kind.ShouldBe(CesqlErrorKind.Parse);
        e.Message.ShouldContain($"position {position}");
    }

    [Fact]
    public void TryParse_returns_the_error_instead_of_throwing()
    {
        CesqlExpression.TryParse("type LIKE", out var expression, out var error).ShouldBeFalse();

        expression.ShouldBeNull();
        error!.Position.ShouldBe(10);
    }

    [Fact]
    public void Negative_minimum_integer_literal_is_valid_although_its_magnitude_is_not()
    {
        CesqlExpression.Parse("-2147483648").Evaluate(new Dictionary<string, string>()).Value.ShouldBe(int.MinValue);
    }

    [Fact]
    public void Unknown_function_parses_and_is_reported_as_a_warning_with_its_position()
    {
        var expression = CesqlExpression.Parse("type = 'a' AND NOPE(1)");

        var warning = expression.Warnings.ShouldHaveSingleItem();
        warning.Kind.ShouldBe(CesqlErrorKind.MissingFunction);
        warning.Position.ShouldBe(16);
    }

    [Fact]
    public void Known_function_called_with_an_arity_it_lacks_is_reported_as_a_warning()
    {
        CesqlExpression.Parse("SUBSTRING('abc')").Warnings.ShouldHaveSingleItem().Kind.ShouldBe(CesqlErrorKind.MissingFunction);
    }
}
