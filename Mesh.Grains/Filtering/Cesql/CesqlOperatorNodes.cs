namespace Mesh.Grains.Filtering.Cesql;

internal sealed class NotNode(CesqlNode operand) : CesqlNode(CesqlType.Boolean)
{
    public override CesqlValue Evaluate(ref CesqlContext context) =>
        TryOperand(operand, CesqlType.Boolean, ref context, out var value) ? CesqlValue.Of(!value.Boolean) : Zero;
}

internal sealed class NegateNode(CesqlNode operand) : CesqlNode(CesqlType.Integer)
{
    public override CesqlValue Evaluate(ref CesqlContext context)
    {
        if (!TryOperand(operand, CesqlType.Integer, ref context, out var value)) return Zero;
        if (value.Integer == int.MinValue)
        {
            context.Fail(CesqlErrorKind.Math, "negation overflows a 32-bit integer");
            return value;
        }
        return CesqlValue.Of(-value.Integer);
    }
}

/// <summary>AND and OR skip their right operand once the left decides (spec §3.4.2); XOR cannot.</summary>
internal sealed class LogicNode(BinaryOperator op, CesqlNode left, CesqlNode right) : CesqlNode(CesqlType.Boolean)
{
    public override CesqlValue Evaluate(ref CesqlContext context)
    {
        if (!TryOperand(left, CesqlType.Boolean, ref context, out var l)) return Zero;
        if (op == BinaryOperator.And && !l.Boolean) return CesqlValue.False;
        if (op == BinaryOperator.Or && l.Boolean) return CesqlValue.True;
        if (!TryOperand(right, CesqlType.Boolean, ref context, out var r)) return Zero;
        return op == BinaryOperator.Xor ? CesqlValue.Of(l.Boolean ^ r.Boolean) : r;
    }
}

/// <summary>
/// <c>=</c>, <c>!=</c> and <c>&lt;&gt;</c> are defined for all three types, so they are ambiguous and
/// the left operand is cast to the right operand's type (spec §3.7): <c>'TRUE' = true</c> holds,
/// <c>true = 'TRUE'</c> does not.
/// </summary>
internal sealed class EqualityNode(CesqlNode left, CesqlNode right, bool negated) : CesqlNode(CesqlType.Boolean)
{
    public override CesqlValue Evaluate(ref CesqlContext context)
    {
        if (!TryOperand(left, ref context, out var l) || !TryOperand(right, ref context, out var r)) return Zero;
        l = CesqlCasts.Implicit(l, r.Type, ref context);
        return CesqlValue.Of(AreEqual(l, r) != negated);
    }

    /// <summary>Values of the same type; strings compare case-sensitively.</summary>
    public static bool AreEqual(in CesqlValue a, in CesqlValue b) =>
        a.Type == CesqlType.String ? string.Equals(a.String, b.String, StringComparison.Ordinal) : a.Integer == b.Integer;
}

/// <summary>Ordering exists for Integers only, so both operands are cast to Integer.</summary>
internal sealed class ComparisonNode(BinaryOperator op, CesqlNode left, CesqlNode right) : CesqlNode(CesqlType.Boolean)
{
    public override CesqlValue Evaluate(ref CesqlContext context)
    {
        if (!TryOperand(left, CesqlType.Integer, ref context, out var l)
            || !TryOperand(right, CesqlType.Integer, ref context, out var r)) return Zero;
        return CesqlValue.Of(op switch
        {
            BinaryOperator.Less => l.Integer < r.Integer,
            BinaryOperator.LessOrEqual => l.Integer <= r.Integer,
            BinaryOperator.Greater => l.Integer > r.Integer,
            _ => l.Integer >= r.Integer,
        });
    }
}
