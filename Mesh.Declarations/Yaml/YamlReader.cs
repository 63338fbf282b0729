using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Mesh.Declarations.Yaml;

/// <summary>
/// Reads YAML (one or many <c>---</c> documents) into JSON nodes by YAML 1.2's core schema: plain
/// scalars resolve to numbers, booleans and nulls, quoted and block scalars stay strings, and explicit
/// tags (<c>!!str</c>, <c>!!int</c>, …) are honoured. Duplicate keys are refused.
/// </summary>
/// <remarks>
/// Built from the parser's events with an explicit stack rather than YamlDotNet's representation
/// model, whose loader recurses once per level: a deep enough text would overflow the stack and kill
/// the process, where here it meets <see cref="DocumentLimits.MaxDepth"/> at the level that passes it.
/// </remarks>
public static partial class YamlReader
{
    /// <summary>Every document of the text, a null for an empty one.</summary>
    /// <exception cref="DocumentException">Not YAML, or past a limit; the message names the line, column and limit.</exception>
    public static IReadOnlyList<JsonNode?> Read(string text, DocumentLimits? limits = null)
    {
        limits ??= DocumentLimits.Default;
        if (text.Length > limits.MaxSize)
            throw new DocumentException($"the text is {text.Length} characters; the limit is {limits.MaxSize}", 0, 0, tooLarge: true);
        var parser = new Parser(new StringReader(text));
        var builder = new YamlTreeBuilder(limits);
        try
        {
            var documents = new List<JsonNode?>();
            parser.Consume<StreamStart>();
            while (!parser.TryConsume<StreamEnd>(out _))
            {
                parser.Consume<DocumentStart>();
                documents.Add(builder.ReadDocument(parser));
                parser.Consume<DocumentEnd>();
            }
            return documents;
        }
        catch (YamlException e)
        {
            throw new DocumentException(WithoutPosition().Replace(e.Message, ""), (int)e.Start.Line, (int)e.Start.Column, inner: e);
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet's scanner throws this on some malformed input (an unterminated flow
            // collection, for one); it is still "not YAML", not a fault of the reader.
            var at = parser.Current?.Start ?? Mark.Empty;
            throw new DocumentException(e.Message, (int)at.Line, (int)at.Column, inner: e);
        }
    }

    // YamlDotNet puts "(Line: 1, Col: 2, Idx: 1) - (Line: 1, Col: 3, Idx: 2): " before its messages.
    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex WithoutPosition();
}
