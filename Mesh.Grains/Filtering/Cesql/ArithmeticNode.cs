namespace Mesh.Grains.Filtering.Cesql;

/// <summary>
/// Integer arithmetic on 32 bits. Division and modulo by zero give 0 and a MathError (spec §3.4.2).
/// The spec is silent on overflow; we give the wrapped two's-complement value and a MathError, so
/// a filter never passes on a silently wrapped number.
/// </summary>
internal sealed class ArithmeticNode(BinaryOperator op, CesqlNode left, CesqlNode right) : CesqlNode(CesqlType.Integer)
{
    public override CesqlValue Evaluate(ref CesqlContext context)
    {
        if (!TryOperand(left, CesqlType.Integer, ref context, out var l)
            || !TryOperand(right, CesqlType.Integer, ref context, out var r)) return Zero;
        long x = l.Integer, y = r.Integer;
        if (op is BinaryOperator.Divide or BinaryOperator.Modulo && y == 0)
        {
            context.Fail(CesqlErrorKind.Math, op == BinaryOperator.Divide ? "division by zero" : "modulo by zero");
            return Zero;
        }
        // C#'s / truncates towards zero and % takes the sign of the dividend, as §3.4.2 asks;
        // computing in 64 bits keeps int.MinValue / -1 from throwing.
        var result = op switch
        {
            BinaryOperator.Add => x + y,
            BinaryOperator.Subtract => x - y,
            BinaryOperator.Multiply => x * y,
            BinaryOperator.Divide => x / y,
            _ => x % y,
        };
        if (result is < int.MinValue or > int.MaxValue)
            context.Fail(CesqlErrorKind.Math, $"{x} {Symbol} {y} overflows a 32-bit integer");
        return CesqlValue.Of(unchecked((int)result));
    }

    private string Symbol => op switch
    {
        BinaryOperator.Add => "+",
        BinaryOperator.Subtract => "-",
        BinaryOperator.Multiply => "*",
        BinaryOperator.Divide => "/",
        _ => "%",
    };
}
