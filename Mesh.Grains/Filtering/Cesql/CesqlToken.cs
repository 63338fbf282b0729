namespace Mesh.Grains.Filtering.Cesql;

internal enum CesqlTokenKind
{
    End,
    Integer,
    String,
    /// <summary>A bare word: keyword, Boolean literal, attribute or function name; the parser decides.</summary>
    Word,
    LeftParen,
    RightParen,
    Comma,
    Plus,
    Minus,
    Star,
    Slash,
    Percent,
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
}

/// <param name="Text">The word as written, the decoded string literal, or the digits of an integer.</param>
/// <param name="Position">1-based offset of the token's first character.</param>
internal readonly record struct CesqlToken(CesqlTokenKind Kind, string Text, int Position)
{
    public bool IsKeyword(string keyword) =>
        Kind == CesqlTokenKind.Word && Text.Equals(keyword, StringComparison.OrdinalIgnoreCase);

    public string Describe() => Kind switch
    {
        CesqlTokenKind.End => "end of expression",
        CesqlTokenKind.String => $"string '{Text}'",
        _ => $"'{Text}'",
    };
}
