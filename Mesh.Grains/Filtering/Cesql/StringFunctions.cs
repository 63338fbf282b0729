namespace Mesh.Grains.Filtering.Cesql;

/// <summary>String manipulation built-ins (spec §3.5.1).</summary>
internal static class StringFunctions
{
    private const CesqlType S = CesqlType.String, I = CesqlType.Integer;

    public static readonly CesqlFunction[] All =
    [
        new("LENGTH", [S], I, (a, ref c) => CesqlValue.Of(CodePoints.Length(a[0].String))),
        new("CONCAT", [], S, (a, ref c) => CesqlValue.Of(string.Concat(a.Select(v => v.String))), Variadic: S),
        new("CONCAT_WS", [S], S, (a, ref c) => CesqlValue.Of(string.Join(a[0].String, a.Skip(1).Select(v => v.String))), Variadic: S),
        new("LOWER", [S], S, (a, ref c) => CesqlValue.Of(a[0].String.ToLowerInvariant())),
        new("UPPER", [S], S, (a, ref c) => CesqlValue.Of(a[0].String.ToUpperInvariant())),
        // string.Trim() removes exactly the Unicode White_Space characters, not control characters.
        new("TRIM", [S], S, (a, ref c) => CesqlValue.Of(a[0].String.Trim())),
        new("LEFT", [S, I], S, (a, ref c) => Edge(a, ref c, fromLeft: true)),
        new("RIGHT", [S, I], S, (a, ref c) => Edge(a, ref c, fromLeft: false)),
        new("SUBSTRING", [S, I], S, (a, ref c) => Substring(a[0].String, a[1].Integer, null, ref c)),
        new("SUBSTRING", [S, I, I], S, (a, ref c) => Substring(a[0].String, a[1].Integer, a[2].Integer, ref c)),
    ];

    /// <summary>LEFT and RIGHT: a negative count returns <c>x</c> unchanged with an error.</summary>
    private static CesqlValue Edge(CesqlValue[] a, ref CesqlContext context, bool fromLeft)
    {
        var (text, count) = (a[0].String, a[1].Integer);
        if (count < 0)
        {
            context.Fail(CesqlErrorKind.FunctionEvaluation, $"{(fromLeft ? "LEFT" : "RIGHT")} needs a count of 0 or more, got {count}");
            return a[0];
        }
        var length = CodePoints.Length(text);
        if (count >= length) return a[0];
        return CesqlValue.Of(CodePoints.Slice(text, fromLeft ? 0 : length - count, count));
    }

    /// <summary>1-based <paramref name="pos"/>, negative counting from the end, 0 giving the empty string.</summary>
    private static CesqlValue Substring(string text, int pos, int? len, ref CesqlContext context)
    {
        var length = CodePoints.Length(text);
        if (pos > length || pos < -length)
        {
            context.Fail(CesqlErrorKind.FunctionEvaluation, $"SUBSTRING position {pos} is outside a string of length {length}");
            return CesqlValue.Empty;
        }
        if (len < 0)
        {
            context.Fail(CesqlErrorKind.FunctionEvaluation, $"SUBSTRING length must be 0 or more, got {len}");
            return CesqlValue.Empty;
        }
        if (pos == 0) return CesqlValue.Empty;
        var start = pos > 0 ? pos - 1 : length + pos;
        var available = length - start;
        return CesqlValue.Of(CodePoints.Slice(text, start, Math.Min(len ?? available, available)));
    }
}
