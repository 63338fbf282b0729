namespace Mesh.Grains.Filtering.Cesql;

/// <summary>ABS (spec §3.5.2) and the casting functions the TCK exercises.</summary>
internal static class ScalarFunctions
{
    public static readonly CesqlFunction[] All =
    [
        new("ABS", [CesqlType.Integer], CesqlType.Integer, Abs),
        new("INT", [null], CesqlType.Integer, (a, ref c) => CesqlCasts.Explicit(a[0], CesqlType.Integer, ref c)),
        new("BOOL", [null], CesqlType.Boolean, (a, ref c) => CesqlCasts.Explicit(a[0], CesqlType.Boolean, ref c)),
        new("STRING", [null], CesqlType.String, (a, ref c) => CesqlCasts.Explicit(a[0], CesqlType.String, ref c)),
        // IS_INT and IS_BOOL ask whether INT() and BOOL() would succeed on a value that is not a
        // number already; they never raise an error themselves.
        new("IS_INT", [null], CesqlType.Boolean, (a, ref c) => CesqlValue.Of(
            a[0].Type == CesqlType.Integer || a[0].Type == CesqlType.String && CesqlCasts.TryParseInteger(a[0].String, out _))),
        new("IS_BOOL", [null], CesqlType.Boolean, (a, ref c) => CesqlValue.Of(
            a[0].Type == CesqlType.Boolean || a[0].Type == CesqlType.String && CesqlCasts.TryParseBoolean(a[0].String, out _))),
    ];

    /// <summary>|int.MinValue| does not fit: the spec asks for int.MaxValue and a MathError.</summary>
    private static CesqlValue Abs(CesqlValue[] a, ref CesqlContext context)
    {
        var x = a[0].Integer;
        if (x != int.MinValue) return CesqlValue.Of(Math.Abs(x));
        context.Fail(CesqlErrorKind.Math, "ABS(-2147483648) overflows a 32-bit integer");
        return CesqlValue.Of(int.MaxValue);
    }
}
