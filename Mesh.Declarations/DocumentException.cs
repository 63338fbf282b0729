namespace Mesh.Declarations;

/// <summary>A text that is not a YAML or JSON document, or one past a <see cref="DocumentLimits"/> bound: says where and why.</summary>
public sealed class DocumentException : Exception
{
    public DocumentException(string reason, int line, int column, bool tooLarge = false, Exception? inner = null)
        : base(line > 0 ? $"line {line}, column {column}: {reason}" : reason, inner)
    {
        Reason = reason;
        Line = line;
        Column = column;
        TooLarge = tooLarge;
    }

    /// <summary>What is wrong, without the position.</summary>
    public string Reason { get; }

    /// <summary>1-based; 0 when the fault has no position (the text as a whole).</summary>
    public int Line { get; }

    /// <summary>1-based; 0 when the fault has no position.</summary>
    public int Column { get; }

    /// <summary>Whether the text is larger than <see cref="DocumentLimits.MaxSize"/> (a request answers 413 rather than 400).</summary>
    public bool TooLarge { get; }
}
