namespace Mesh.Grains.Filtering.Cesql;

/// <summary><c>x [NOT] LIKE 'pattern'</c>; a non-String <c>x</c> is cast to String first.</summary>
internal sealed class LikeNode(CesqlNode operand, LikePattern pattern, bool negated) : CesqlNode(CesqlType.Boolean)
{
    public override CesqlValue Evaluate(ref CesqlContext context) =>
        TryOperand(operand, CesqlType.String, ref context, out var value)
            ? CesqlValue.Of(pattern.IsMatch(value.String) != negated)
            : Zero;
}
