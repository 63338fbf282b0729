using System.Globalization;

namespace Mesh.Grains.Filtering.Cesql;

/// <summary>
/// Recursive descent over the precedence of spec §3.6, loosest first: AND/OR/XOR (one level),
/// comparisons, <c>+ -</c>, <c>* / %</c>, postfix LIKE and IN, prefix NOT and <c>-</c>, then
/// function calls, EXISTS, parentheses and atoms. Equal precedence associates to the left.
/// </summary>
internal sealed class CesqlParser
{
    private static readonly HashSet<string> Keywords =
        new(["AND", "OR", "XOR", "NOT", "LIKE", "IN", "EXISTS", "TRUE", "FALSE"], StringComparer.OrdinalIgnoreCase);

    private readonly List<CesqlToken> _tokens;
    private int _next;

    private CesqlParser(List<CesqlToken> tokens) => _tokens = tokens;

    public static CesqlSyntax Parse(string text)
    {
        var parser = new CesqlParser(CesqlLexer.Tokenize(text));
        var expression = parser.ParseLogic();
        if (parser.Peek.Kind != CesqlTokenKind.End) throw Unexpected(parser.Peek);
        return expression;
    }

    private CesqlToken Peek => _tokens[_next];
    private CesqlToken PeekAt(int ahead) => _tokens[Math.Min(_next + ahead, _tokens.Count - 1)];
    private CesqlToken Take() => _tokens[_next++];

    private CesqlSyntax ParseLogic()
    {
        var left = ParseComparison();
        while (Peek.Kind == CesqlTokenKind.Word && LogicOperator(Peek.Text) is { } op)
        {
            var token = Take();
            left = new BinarySyntax(op, left, ParseComparison(), token.Position);
        }
        return left;
    }

    private static BinaryOperator? LogicOperator(string word) => word.ToUpperInvariant() switch
    {
        "AND" => BinaryOperator.And,
        "OR" => BinaryOperator.Or,
        "XOR" => BinaryOperator.Xor,
        _ => null,
    };

    private CesqlSyntax ParseComparison()
    {
        var left = ParseAdditive();
        while (Peek.Kind switch
        {
            CesqlTokenKind.Equal => BinaryOperator.Equal,
            CesqlTokenKind.NotEqual => BinaryOperator.NotEqual,
            CesqlTokenKind.Less => BinaryOperator.Less,
            CesqlTokenKind.LessOrEqual => BinaryOperator.LessOrEqual,
            CesqlTokenKind.Greater => BinaryOperator.Greater,
            CesqlTokenKind.GreaterOrEqual => BinaryOperator.GreaterOrEqual,
            _ => (BinaryOperator?)null,
        } is { } op)
        {
            var token = Take();
            left = new BinarySyntax(op, left, ParseAdditive(), token.Position);
        }
        return left;
    }

    private CesqlSyntax ParseAdditive()
    {
        var left = ParseMultiplicative();
        while (Peek.Kind is CesqlTokenKind.Plus or CesqlTokenKind.Minus)
        {
            var token = Take();
            var op = token.Kind == CesqlTokenKind.Plus ? BinaryOperator.Add : BinaryOperator.Subtract;
            left = new BinarySyntax(op, left, ParseMultiplicative(), token.Position);
        }
        return left;
    }

    private CesqlSyntax ParseMultiplicative()
    {
        var left = ParsePostfix();
        while (Peek.Kind switch
        {
            CesqlTokenKind.Star => BinaryOperator.Multiply,
            CesqlTokenKind.Slash => BinaryOperator.Divide,
            CesqlTokenKind.Percent => BinaryOperator.Modulo,
            _ => (BinaryOperator?)null,
        } is { } op)
        {
            var token = Take();
            left = new BinarySyntax(op, left, ParsePostfix(), token.Position);
        }
        return left;
    }

    /// <summary><c>x [NOT] LIKE 'pattern'</c> and <c>x [NOT] IN (a, b, ...)</c>.</summary>
    private CesqlSyntax ParsePostfix()
    {
        var operand = ParseUnary();
        while (true)
        {
            var negated = Peek.IsKeyword("NOT") && (PeekAt(1).IsKeyword("LIKE") || PeekAt(1).IsKeyword("IN"));
            if (negated) Take();
            if (Peek.IsKeyword("LIKE"))
            {
                var like = Take();
                // The pattern must be a literal, never an expression cast to String (spec §3.4.3).
                if (Peek.Kind != CesqlTokenKind.String)
                    throw new CesqlParseException($"LIKE needs a string literal pattern, found {Peek.Describe()}", Peek.Position);
                operand = new LikeSyntax(operand, Take().Text, negated, like.Position);
            }
            else if (Peek.IsKeyword("IN"))
            {
                var @in = Take();
                operand = new InSyntax(operand, ParseSet(), negated, @in.Position);
            }
            else return operand;
        }
    }

    private List<CesqlSyntax> ParseSet()
    {
        Expect(CesqlTokenKind.LeftParen, "'(' to open the IN set");
        List<CesqlSyntax> set = [ParseLogic()];
        while (Peek.Kind == CesqlTokenKind.Comma)
        {
            Take();
            set.Add(ParseLogic());
        }
        Expect(CesqlTokenKind.RightParen, "')' to close the IN set");
        return set;
    }

    private CesqlSyntax ParseUnary()
    {
        var token = Peek;
        if (token.IsKeyword("NOT") && !PeekAt(1).IsKeyword("LIKE") && !PeekAt(1).IsKeyword("IN"))
        {
            Take();
            return new UnarySyntax(UnaryOperator.Not, ParseUnary(), token.Position);
        }
        if (token.Kind is CesqlTokenKind.Minus or CesqlTokenKind.Plus)
        {
            Take();
            var negative = token.Kind == CesqlTokenKind.Minus;
            // A sign directly on digits is part of the literal (spec §2.2), which is how
            // -2147483648 stays representable although 2147483648 is not.
            if (Peek.Kind == CesqlTokenKind.Integer) return IntegerLiteral(Take(), negative, token.Position);
            if (!negative) throw Unexpected(token);
            return new UnarySyntax(UnaryOperator.Negate, ParseUnary(), token.Position);
        }
        return ParsePrimary();
    }

    private CesqlSyntax ParsePrimary()
    {
        var token = Take();
        switch (token.Kind)
        {
            case CesqlTokenKind.Integer:
                return IntegerLiteral(token, negative: false, token.Position);
            case CesqlTokenKind.String:
                return new LiteralSyntax(CesqlValue.Of(token.Text), token.Position);
            case CesqlTokenKind.LeftParen:
                var inner = ParseLogic();
                Expect(CesqlTokenKind.RightParen, "')'");
                return inner;
            case CesqlTokenKind.Word when Peek.Kind == CesqlTokenKind.LeftParen && !Keywords.Contains(token.Text):
                return ParseCall(token);
            case CesqlTokenKind.Word when token.IsKeyword("TRUE"):
                return new LiteralSyntax(CesqlValue.True, token.Position);
            case CesqlTokenKind.Word when token.IsKeyword("FALSE"):
                return new LiteralSyntax(CesqlValue.False, token.Position);
            case CesqlTokenKind.Word when token.IsKeyword("EXISTS"):
                return new ExistsSyntax(Identifier(Take()), token.Position);
            case CesqlTokenKind.Word when !Keywords.Contains(token.Text):
                return new AttributeSyntax(Identifier(token), token.Position);
            default:
                throw Unexpected(token);
        }
    }

    private CallSyntax ParseCall(CesqlToken name)
    {
        if (name.Text.Any(char.IsAsciiDigit))
            throw new CesqlParseException($"'{name.Text}' is not a function name: letters and '_' only", name.Position);
        Take();
        List<CesqlSyntax> arguments = [];
        if (Peek.Kind != CesqlTokenKind.RightParen)
        {
            arguments.Add(ParseLogic());
            while (Peek.Kind == CesqlTokenKind.Comma)
            {
                Take();
                arguments.Add(ParseLogic());
            }
        }
        Expect(CesqlTokenKind.RightParen, $"')' to close the call to {name.Text}");
        return new CallSyntax(name.Text.ToUpperInvariant(), arguments, name.Position);
    }

    /// <summary>
    /// Attribute names are lower case in CloudEvents, but the TCK expects <c>EXISTS SOURCE</c> to
    /// find <c>source</c>, so names are folded to lower case here, once.
    /// </summary>
    private static string Identifier(CesqlToken token)
    {
        if (token.Kind != CesqlTokenKind.Word || Keywords.Contains(token.Text))
            throw new CesqlParseException($"expected an attribute name, found {token.Describe()}", token.Position);
        if (token.Text.Contains('_'))
            throw new CesqlParseException($"'{token.Text}' is not an attribute name: letters and digits only", token.Position);
        return token.Text.ToLowerInvariant();
    }

    private static LiteralSyntax IntegerLiteral(CesqlToken digits, bool negative, int position)
    {
        var text = negative ? "-" + digits.Text : digits.Text;
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            throw new CesqlParseException($"integer literal {text} is outside the 32-bit range", position);
        return new LiteralSyntax(CesqlValue.Of(value), position);
    }

    private void Expect(CesqlTokenKind kind, string what)
    {
        if (Peek.Kind != kind) throw new CesqlParseException($"expected {what}, found {Peek.Describe()}", Peek.Position);
        Take();
    }

    private static CesqlParseException Unexpected(CesqlToken token) =>
        new($"unexpected {token.Describe()}", token.Position);
}
