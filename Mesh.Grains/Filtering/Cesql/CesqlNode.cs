namespace Mesh.Grains.Filtering.Cesql;

/// <summary>
/// A compiled evaluator node. Errors raised by a node itself (a failed cast, a division by zero)
/// keep the value the node computed; an error coming up from an operand makes the node return
/// the zero value of its own return type without going further. That is the reading of spec §3.2
/// and §3.3 the TCK pins down: <c>NOT 10</c> is <c>true</c> with a CastError, yet
/// <c>true AND (1 != 1 / 0)</c> is <c>false</c> with a MathError.
/// </summary>
internal abstract class CesqlNode(CesqlType returnType)
{
    /// <summary>The static return type; Boolean when it cannot be known, as spec §3.2 prescribes.</summary>
    public CesqlType ReturnType { get; } = returnType;

    public abstract CesqlValue Evaluate(ref CesqlContext context);

    /// <summary>Evaluates an operand; false when it reported an error, so the caller must bail out.</summary>
    protected static bool TryOperand(CesqlNode operand, ref CesqlContext context, out CesqlValue value)
    {
        var before = context.ErrorCount;
        value = operand.Evaluate(ref context);
        return context.ErrorCount == before;
    }

    /// <summary>Evaluates an operand and casts it to the type the operator takes.</summary>
    protected static bool TryOperand(CesqlNode operand, CesqlType type, ref CesqlContext context, out CesqlValue value)
    {
        if (!TryOperand(operand, ref context, out value)) return false;
        value = CesqlCasts.Implicit(value, type, ref context);
        return true;
    }

    protected CesqlValue Zero => CesqlValue.ZeroOf(ReturnType);
}

internal sealed class LiteralNode(CesqlValue value) : CesqlNode(value.Type)
{
    public override CesqlValue Evaluate(ref CesqlContext context) => value;
}

/// <summary>An attribute or extension; its type is whatever the event carries.</summary>
internal sealed class AttributeNode(string name) : CesqlNode(CesqlType.Boolean)
{
    public override CesqlValue Evaluate(ref CesqlContext context)
    {
        if (context.TryGetAttribute(name, out var value)) return value;
        context.Fail(CesqlErrorKind.MissingAttribute, $"the event has no attribute '{name}'");
        return CesqlValue.False;
    }
}

internal sealed class ExistsNode(string name) : CesqlNode(CesqlType.Boolean)
{
    public override CesqlValue Evaluate(ref CesqlContext context) =>
        CesqlValue.Of(context.TryGetAttribute(name, out _));
}
