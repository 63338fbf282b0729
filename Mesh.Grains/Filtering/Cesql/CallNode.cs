namespace Mesh.Grains.Filtering.Cesql;

/// <summary>A call to a resolved function: arguments evaluated left to right, then cast to the parameter types.</summary>
internal sealed class CallNode(CesqlFunction function, CesqlNode[] arguments) : CesqlNode(function.ReturnType)
{
    public override CesqlValue Evaluate(ref CesqlContext context)
    {
        var values = arguments.Length == 0 ? [] : new CesqlValue[arguments.Length];
        for (var i = 0; i < arguments.Length; i++)
        {
            if (!TryOperand(arguments[i], ref context, out var value)) return Zero;
            values[i] = function.ParameterType(i) is { } type ? CesqlCasts.Implicit(value, type, ref context) : value;
        }
        return function.Body(values, ref context);
    }
}

/// <summary>
/// A call no function answers, by name or by arity: <c>false</c> and a MissingFunctionError at
/// every evaluation (spec §3.5). Known at compile time, so <see cref="CesqlExpression.Warnings"/>
/// reports it too.
/// </summary>
internal sealed class MissingFunctionNode(string message) : CesqlNode(CesqlType.Boolean)
{
    public override CesqlValue Evaluate(ref CesqlContext context)
    {
        context.Fail(CesqlErrorKind.MissingFunction, message);
        return CesqlValue.False;
    }
}
