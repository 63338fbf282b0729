namespace Mesh.Grains.Filtering.Cesql;

internal delegate CesqlValue CesqlFunctionBody(CesqlValue[] arguments, ref CesqlContext context);

/// <summary>
/// One overload of a function. Parameters typed <c>null</c> take any type as is (the casting
/// functions); the others are cast implicitly before <see cref="Body"/> runs. With
/// <see cref="Variadic"/> set, further arguments of that type follow the fixed ones.
/// </summary>
internal sealed record CesqlFunction(
    string Name,
    CesqlType?[] Parameters,
    CesqlType ReturnType,
    CesqlFunctionBody Body,
    CesqlType? Variadic = null)
{
    public bool Accepts(int arity) => Variadic is null ? arity == Parameters.Length : arity >= Parameters.Length;

    public CesqlType? ParameterType(int index) => index < Parameters.Length ? Parameters[index] : Variadic;
}
