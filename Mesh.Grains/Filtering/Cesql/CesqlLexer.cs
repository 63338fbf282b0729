using System.Text;

namespace Mesh.Grains.Filtering.Cesql;

/// <summary>Splits expression text into tokens; whitespace separates tokens and is otherwise ignored.</summary>
internal static class CesqlLexer
{
    public static List<CesqlToken> Tokenize(string text)
    {
        var tokens = new List<CesqlToken>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            var start = i;
            if (char.IsAsciiDigit(c))
            {
                while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
                // "12abc" would otherwise lex as an integer followed by a name.
                if (i < text.Length && IsWordChar(text[i]))
                    throw new CesqlParseException($"unexpected character '{text[i]}' in number", i + 1);
                tokens.Add(new(CesqlTokenKind.Integer, text[start..i], start + 1));
            }
            else if (char.IsAsciiLetter(c) || c == '_')
            {
                while (i < text.Length && IsWordChar(text[i])) i++;
                tokens.Add(new(CesqlTokenKind.Word, text[start..i], start + 1));
            }
            else if (c is '\'' or '"')
            {
                tokens.Add(new(CesqlTokenKind.String, ReadString(text, ref i), start + 1));
            }
            else
            {
                tokens.Add(ReadSymbol(text, ref i));
            }
        }
        tokens.Add(new(CesqlTokenKind.End, "", text.Length + 1));
        return tokens;
    }

    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    /// <summary>
    /// Only the delimiting quote can be escaped (spec §2.2): any other backslash stays in the
    /// string, which is what lets LIKE patterns carry <c>\%</c> and <c>\_</c>.
    /// </summary>
    private static string ReadString(string text, ref int i)
    {
        var quote = text[i];
        var start = i;
        var value = new StringBuilder();
        i++;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '\\' && i + 1 < text.Length && text[i + 1] == quote) { value.Append(quote); i += 2; continue; }
            if (c == quote) { i++; return value.ToString(); }
            value.Append(c);
            i++;
        }
        throw new CesqlParseException("unterminated string literal", start + 1);
    }

    private static CesqlToken ReadSymbol(string text, ref int i)
    {
        var start = i;
        var next = i + 1 < text.Length ? text[i + 1] : '\0';
        (CesqlTokenKind kind, int length) = text[i] switch
        {
            '(' => (CesqlTokenKind.LeftParen, 1),
            ')' => (CesqlTokenKind.RightParen, 1),
            ',' => (CesqlTokenKind.Comma, 1),
            '+' => (CesqlTokenKind.Plus, 1),
            '-' => (CesqlTokenKind.Minus, 1),
            '*' => (CesqlTokenKind.Star, 1),
            '/' => (CesqlTokenKind.Slash, 1),
            '%' => (CesqlTokenKind.Percent, 1),
            '=' => (CesqlTokenKind.Equal, 1),
            '!' when next == '=' => (CesqlTokenKind.NotEqual, 2),
            '<' when next == '>' => (CesqlTokenKind.NotEqual, 2),
            '<' when next == '=' => (CesqlTokenKind.LessOrEqual, 2),
            '<' => (CesqlTokenKind.Less, 1),
            '>' when next == '=' => (CesqlTokenKind.GreaterOrEqual, 2),
            '>' => (CesqlTokenKind.Greater, 1),
            var c => throw new CesqlParseException($"unexpected character '{c}'", start + 1),
        };
        i += length;
        return new(kind, text.Substring(start, length), start + 1);
    }
}
