using Mesh.Grains.Filtering.Cesql;

namespace Mesh.Tests.Grains.Filtering.Cesql;

/// <summary>Every case of the CESQL v1.0 TCK, one theory case each, read from the YAML at run time.</summary>
public sealed class CesqlTckTests
{
    public static IEnumerable<object[]> Cases() => CesqlTck.CaseNames();

    [Fact]
    public void The_TCK_has_275_cases() => CesqlTck.CaseNames().Count().ShouldBe(275);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Expression_yields_the_TCK_value_and_error(string file, string name)
    {
        var tck = CesqlTck.Case(file, name);

        var result = Evaluate(tck);

        if (tck.Error is null) result.Errors.ShouldBeEmpty($"{tck.Expression} should raise no error");
        else
        {
            result.Errors.ShouldNotBeEmpty($"{tck.Expression} should raise {tck.Error}");
            result.Errors[0].Kind.ShouldBe(Kind(tck.Error), $"{tck.Expression}: {result.Errors[0]}");
        }
        if (tck.Result is not null)
            Assert.Equal(tck.Result, result.Value);
    }

    /// <summary>
    /// A parse failure has no value of its own; the TCK's one parse case with a result expects
    /// <c>false</c>, the zero value a failed Boolean filter reads as.
    /// </summary>
    private static CesqlResult Evaluate(CesqlTckCase tck)
    {
        try
        {
            return CesqlExpression.Parse(tck.Expression).Evaluate(tck.Event);
        }
        catch (CesqlParseException e)
        {
            return new CesqlResult(false, [e.Error]);
        }
    }

    private static CesqlErrorKind Kind(string tckError) => tckError switch
    {
        "parse" => CesqlErrorKind.Parse,
        "math" => CesqlErrorKind.Math,
        "cast" => CesqlErrorKind.Cast,
        "missingFunction" => CesqlErrorKind.MissingFunction,
        "functionEvaluation" => CesqlErrorKind.FunctionEvaluation,
        "missingAttribute" => CesqlErrorKind.MissingAttribute,
        "generic" => CesqlErrorKind.Generic,
        _ => throw new ArgumentOutOfRangeException(nameof(tckError), tckError, "not an error kind of the TCK"),
    };
}
