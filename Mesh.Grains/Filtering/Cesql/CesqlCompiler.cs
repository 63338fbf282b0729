namespace Mesh.Grains.Filtering.Cesql;

/// <summary>Turns the syntax tree into evaluator nodes once, resolving functions and LIKE patterns ahead of time.</summary>
internal sealed class CesqlCompiler
{
    private readonly List<CesqlError> _warnings = [];

    public static (CesqlNode Root, IReadOnlyList<CesqlError> Warnings) Compile(CesqlSyntax syntax)
    {
        var compiler = new CesqlCompiler();
        return (compiler.Node(syntax), compiler._warnings);
    }

    private CesqlNode Node(CesqlSyntax syntax) => syntax switch
    {
        LiteralSyntax l => new LiteralNode(l.Value),
        AttributeSyntax a => new AttributeNode(a.Name),
        ExistsSyntax e => new ExistsNode(e.Name),
        UnarySyntax { Operator: UnaryOperator.Not } u => new NotNode(Node(u.Operand)),
        UnarySyntax u => new NegateNode(Node(u.Operand)),
        BinarySyntax b => Binary(b),
        LikeSyntax l => new LikeNode(Node(l.Operand), new LikePattern(l.Pattern), l.Negated),
        InSyntax i => new InNode(Node(i.Operand), [.. i.Set.Select(Node)], i.Negated),
        CallSyntax c => Call(c),
        _ => throw new ArgumentOutOfRangeException(nameof(syntax), syntax.GetType().Name, "unknown syntax node"),
    };

    private CesqlNode Binary(BinarySyntax b)
    {
        var (left, right) = (Node(b.Left), Node(b.Right));
        return b.Operator switch
        {
            BinaryOperator.And or BinaryOperator.Or or BinaryOperator.Xor => new LogicNode(b.Operator, left, right),
            BinaryOperator.Equal => new EqualityNode(left, right, negated: false),
            BinaryOperator.NotEqual => new EqualityNode(left, right, negated: true),
            BinaryOperator.Less or BinaryOperator.LessOrEqual or BinaryOperator.Greater or BinaryOperator.GreaterOrEqual =>
                new ComparisonNode(b.Operator, left, right),
            _ => new ArithmeticNode(b.Operator, left, right),
        };
    }

    private CesqlNode Call(CallSyntax c)
    {
        if (CesqlFunctions.Resolve(c.Name, c.Arguments.Count) is { } function)
            return new CallNode(function, [.. c.Arguments.Select(Node)]);
        var message = CesqlFunctions.Exists(c.Name)
            ? $"{c.Name} takes no {c.Arguments.Count}-argument form"
            : $"unknown function {c.Name}";
        _warnings.Add(new CesqlError(CesqlErrorKind.MissingFunction, message, c.Position));
        return new MissingFunctionNode(message);
    }
}
