using System.Globalization;

namespace Mesh.Operator.Api.Patch;

/// <summary>An RFC 6901 JSON pointer (<c>/spec/filter/attributes/type</c>, <c>~1</c> for '/', <c>~0</c> for '~').</summary>
public sealed class JsonPointer
{
    private JsonPointer(string text, string[] tokens)
    {
        Text = text;
        Tokens = tokens;
    }

    public string Text { get; }

    public IReadOnlyList<string> Tokens { get; }

    public bool IsRoot => Tokens.Count == 0;

    /// <exception cref="FormatException">The text is not a pointer.</exception>
    public static JsonPointer Parse(string text)
    {
        if (text.Length == 0) return new JsonPointer(text, []);
        if (text[0] != '/') throw new FormatException($"'{text}' is not a JSON pointer: it must be empty or start with '/'");
        var tokens = text[1..].Split('/');
        for (var i = 0; i < tokens.Length; i++)
        {
            var token = tokens[i];
            for (var at = token.IndexOf('~'); at >= 0; at = token.IndexOf('~', at + 1))
                if (at + 1 >= token.Length || token[at + 1] is not ('0' or '1'))
                    throw new FormatException($"'{text}' is not a JSON pointer: '~' must be followed by 0 or 1");
            tokens[i] = token.Replace("~1", "/").Replace("~0", "~");
        }
        return new JsonPointer(text, tokens);
    }

    /// <summary>The container the last token is in, and that token.</summary>
    public (JsonNode Parent, string Last) Parent(JsonNode root)
    {
        JsonNode? node = root;
        for (var i = 0; i < Tokens.Count - 1; i++) node = Step(node, Tokens[i]);
        return (node!, Tokens[^1]);
    }

    /// <summary>The value the pointer names.</summary>
    public JsonNode? Resolve(JsonNode? root)
    {
        var node = root;
        foreach (var token in Tokens) node = Step(node, token);
        return node;
    }

    /// <summary>An array index: digits without leading zeros, below <paramref name="count"/> (or equal, when appending).</summary>
    public int Index(string token, int count, bool mayAppend)
    {
        if (mayAppend && token == "-") return count;
        if (token.Length == 0 || (token.Length > 1 && token[0] == '0') || !token.All(char.IsAsciiDigit)
            || !int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            throw new PatchException($"'{Text}': '{token}' is not an array index");
        if (index > count || (index == count && !mayAppend))
            throw new PatchException($"'{Text}': index {index} is past the end of the array ({count} items)");
        return index;
    }

    private JsonNode? Step(JsonNode? node, string token) => node switch
    {
        JsonObject obj when obj.TryGetPropertyValue(token, out var child) => child ?? throw new PatchException($"'{Text}': '{token}' is null"),
        JsonArray array => array[Index(token, array.Count, mayAppend: false)],
        _ => throw new PatchException($"'{Text}' does not exist in the object"),
    };
}
