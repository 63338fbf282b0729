namespace Mesh.Grains.Filtering.Cesql;

/// <summary>The parsed form of an expression, before it is compiled into evaluator nodes.</summary>
/// <param name="Position">1-based offset of the construct in the expression text.</param>
internal abstract record CesqlSyntax(int Position);

internal sealed record LiteralSyntax(CesqlValue Value, int Position) : CesqlSyntax(Position);

/// <summary>An attribute or extension reference; <paramref name="Name"/> is already lower case.</summary>
internal sealed record AttributeSyntax(string Name, int Position) : CesqlSyntax(Position);

internal sealed record ExistsSyntax(string Name, int Position) : CesqlSyntax(Position);

internal enum UnaryOperator { Not, Negate }

internal sealed record UnarySyntax(UnaryOperator Operator, CesqlSyntax Operand, int Position) : CesqlSyntax(Position);

internal enum BinaryOperator
{
    And, Or, Xor,
    Equal, NotEqual, Less, LessOrEqual, Greater, GreaterOrEqual,
    Add, Subtract, Multiply, Divide, Modulo,
}

internal sealed record BinarySyntax(BinaryOperator Operator, CesqlSyntax Left, CesqlSyntax Right, int Position)
    : CesqlSyntax(Position);

internal sealed record LikeSyntax(CesqlSyntax Operand, string Pattern, bool Negated, int Position) : CesqlSyntax(Position);

internal sealed record InSyntax(CesqlSyntax Operand, IReadOnlyList<CesqlSyntax> Set, bool Negated, int Position)
    : CesqlSyntax(Position);

/// <summary>A function invocation; <paramref name="Name"/> is already upper case.</summary>
internal sealed record CallSyntax(string Name, IReadOnlyList<CesqlSyntax> Arguments, int Position) : CesqlSyntax(Position);
