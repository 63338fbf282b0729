namespace Mesh.Grains.Filtering.Cesql;

/// <summary>
/// A CloudEvents SQL v1.0 expression, parsed and compiled once and then evaluated against any
/// number of events, from any number of threads.
/// </summary>
public sealed class CesqlExpression
{
    private readonly CesqlNode _root;

    private CesqlExpression(string text, CesqlNode root, IReadOnlyList<CesqlError> warnings) =>
        (Text, _root, Warnings) = (text, root, warnings);

    public string Text { get; }

    /// <summary>
    /// Errors certain to occur at every evaluation, found while compiling: calls to unknown
    /// functions or with an arity no overload takes. The expression is still valid CESQL.
    /// </summary>
    public IReadOnlyList<CesqlError> Warnings { get; }

    /// <exception cref="CesqlParseException">The text is not valid CESQL; the exception carries the 1-based position.</exception>
    public static CesqlExpression Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var (root, warnings) = CesqlCompiler.Compile(CesqlParser.Parse(text));
        return new CesqlExpression(text, root, warnings);
    }

    public static bool TryParse(string text, out CesqlExpression? expression, out CesqlParseException? error)
    {
        try
        {
            (expression, error) = (Parse(text), null);
            return true;
        }
        catch (CesqlParseException e)
        {
            (expression, error) = (null, e);
            return false;
        }
    }

    /// <summary>Evaluates against attributes that may be <see cref="bool"/>, integers or strings (anything else reads as a String).</summary>
    public CesqlResult Evaluate(CesqlAttributeLookup lookup) => Evaluate(new CesqlContext(lookup));

    public CesqlResult Evaluate(IReadOnlyDictionary<string, object?> attributes) => Evaluate(attributes.TryGetValue);

    /// <summary>Evaluates against attributes in their canonical string form, as <see cref="Events.EventEnvelope"/> carries them.</summary>
    public CesqlResult Evaluate(IReadOnlyDictionary<string, string> attributes) => Evaluate(new CesqlContext(attributes));

    /// <summary>The filter reading (spec §1.2): Boolean true with no error. Allocates nothing when no error occurs.</summary>
    public bool Matches(IReadOnlyDictionary<string, string> attributes) => Matches(new CesqlContext(attributes));

    public bool Matches(CesqlAttributeLookup lookup) => Matches(new CesqlContext(lookup));

    private CesqlResult Evaluate(CesqlContext context)
    {
        var value = _root.Evaluate(ref context);
        return new CesqlResult(value.ToHost(), context.Errors);
    }

    private bool Matches(CesqlContext context)
    {
        var value = _root.Evaluate(ref context);
        return context.ErrorCount == 0 && value.Type == CesqlType.Boolean && value.Boolean;
    }

    public override string ToString() => Text;
}
