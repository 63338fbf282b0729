namespace Mesh.Grains.Filtering.Cesql;

/// <summary>
/// <c>x [NOT] IN (y1, y2, ...)</c>: equality as <c>=</c>, except each element is cast to the type
/// of <c>x</c> (spec §3.7). Elements are evaluated in order and stop at the first match.
/// </summary>
internal sealed class InNode(CesqlNode operand, CesqlNode[] set, bool negated) : CesqlNode(CesqlType.Boolean)
{
    public override CesqlValue Evaluate(ref CesqlContext context)
    {
        if (!TryOperand(operand, ref context, out var x)) return Zero;
        foreach (var element in set)
        {
            if (!TryOperand(element, x.Type, ref context, out var y)) return Zero;
            if (EqualityNode.AreEqual(x, y)) return CesqlValue.Of(!negated);
        }
        return CesqlValue.Of(negated);
    }
}
