using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Mesh.Declarations.Yaml;

/// <summary>
/// Turns one document's parsing events into JSON nodes without recursion: an open sequence or
/// mapping is a frame on an explicit stack, so nesting costs heap, bounded by the depth limit.
/// Aliases are expanded by copying the anchored node, counted against the alias limits first.
/// </summary>
internal sealed class YamlTreeBuilder(DocumentLimits limits)
{
    private readonly Dictionary<string, Anchored> _anchors = [];
    private int _aliases;
    private int _aliasedNodes;

    /// <summary>An anchored node, its size in nodes, and its text when it is a scalar (so that it can be a key).</summary>
    private sealed record Anchored(JsonNode? Node, int Size, string? KeyText);

    /// <summary>An open collection: where its items go, and what an anchor on it needs once it closes.</summary>
    private sealed class Frame(JsonNode collection, string? anchor, int createdAtStart)
    {
        public JsonNode Collection { get; } = collection;
        public string? Anchor { get; } = anchor;
        public int CreatedAtStart { get; } = createdAtStart;

        /// <summary>In a mapping: the key read, whose value comes next; null while a key is awaited.</summary>
        public string? PendingKey { get; set; }

        public bool AwaitsKey => Collection is JsonObject && PendingKey is null;
    }

    private readonly Stack<Frame> _open = new();
    private int _created;
    private int _createdAtDocumentStart;

    public JsonNode? ReadDocument(IParser parser)
    {
        // Anchors are scoped to their document.
        _anchors.Clear();
        _createdAtDocumentStart = _created;
        JsonNode? root = null;
        var done = false;
        while (!done)
        {
            var parsingEvent = parser.Consume<ParsingEvent>();
            switch (parsingEvent)
            {
                case Scalar scalar:
                    done = Place(scalar, Scalar(scalar), ScalarText(scalar), scalar.Anchor, size: 1, ref root);
                    break;
                case AnchorAlias alias:
                    var (copy, size, keyText) = Expand(alias);
                    done = Place(alias, copy, keyText, AnchorName.Empty, size, ref root);
                    break;
                case SequenceStart start:
                    Open(start, new JsonArray(), start.Tag, "tag:yaml.org,2002:seq");
                    break;
                case MappingStart start:
                    Open(start, new JsonObject(), start.Tag, "tag:yaml.org,2002:map");
                    break;
                case SequenceEnd or MappingEnd:
                    var frame = _open.Pop();
                    if (frame.Anchor is { } name)
                        _anchors[name] = new Anchored(frame.Collection, _created - frame.CreatedAtStart, null);
                    if (_open.Count == 0)
                    {
                        root = frame.Collection;
                        done = true;
                    }
                    break;
                default:
                    throw new YamlException(parsingEvent.Start, parsingEvent.End, $"unexpected {parsingEvent.GetType().Name} in a document");
            }
        }
        return root;
    }

    private void Open(NodeEvent start, JsonNode collection, TagName tag, string allowedTag)
    {
        if (_open.Count >= limits.MaxDepth)
            throw new YamlException(start.Start, start.End, $"collections nest deeper than {limits.MaxDepth} levels, the limit");
        if (!tag.IsEmpty && !tag.IsNonSpecific && tag.Value != allowedTag)
            throw new YamlException(start.Start, start.End, $"the tag {tag.Value} is not one this reader supports here");
        if (_open.TryPeek(out var parent) && parent.AwaitsKey)
            throw new YamlException(start.Start, start.End, "a mapping key must be a scalar, as JSON object keys are strings");
        Count(1, start);
        var frame = new Frame(collection, start.Anchor.IsEmpty ? null : start.Anchor.Value, _created - 1);
        if (_open.Count > 0) Attach(_open.Peek(), collection, start);
        _open.Push(frame);
    }

    /// <returns>Whether the node was the document's root (a scalar or alias alone).</returns>
    private bool Place(ParsingEvent at, JsonNode? node, string? keyText, AnchorName anchor, int size, ref JsonNode? root)
    {
        Count(size, at);
        if (!anchor.IsEmpty) _anchors[anchor.Value] = new Anchored(node, size, keyText);
        if (_open.Count == 0)
        {
            root = node;
            return true;
        }
        var frame = _open.Peek();
        if (frame.AwaitsKey)
        {
            var key = keyText ?? throw new YamlException(at.Start, at.End, "a mapping key must be a scalar, as JSON object keys are strings");
            if (((JsonObject)frame.Collection).ContainsKey(key))
                throw new YamlException(at.Start, at.End, $"duplicate key \"{key}\"");
            frame.PendingKey = key;
            return false;
        }
        Attach(frame, node, at);
        return false;
    }

    private void Count(int nodes, ParsingEvent at)
    {
        _created += nodes;
        if (_created - _createdAtDocumentStart > limits.MaxNodes)
            throw new YamlException(at.Start, at.End, $"the document has more than {limits.MaxNodes} nodes, the limit");
    }

    private static void Attach(Frame frame, JsonNode? node, ParsingEvent at)
    {
        if (frame.Collection is JsonArray array)
        {
            array.Add(node);
            return;
        }
        ((JsonObject)frame.Collection)[frame.PendingKey ?? throw new YamlException(at.Start, at.End, "a mapping value without a key")] = node;
        frame.PendingKey = null;
    }

    private (JsonNode? Copy, int Size, string? KeyText) Expand(AnchorAlias alias)
    {
        if (++_aliases > limits.MaxAliases)
            throw new YamlException(alias.Start, alias.End, $"more than {limits.MaxAliases} aliases, the limit");
        // An anchor is known once its node is complete, so an alias inside its own anchor is refused here too.
        if (!_anchors.TryGetValue(alias.Value.Value, out var anchored))
            throw new YamlException(alias.Start, alias.End, $"the alias *{alias.Value.Value} refers to no complete anchor before it");
        _aliasedNodes += anchored.Size;
        if (_aliasedNodes > limits.MaxAliasedNodes)
            throw new YamlException(alias.Start, alias.End, $"aliases repeat more than {limits.MaxAliasedNodes} nodes, the limit");
        if (_open.Count + Depth(anchored.Node) > limits.MaxDepth)
            throw new YamlException(alias.Start, alias.End, $"collections nest deeper than {limits.MaxDepth} levels, the limit");
        return (anchored.Node?.DeepClone(), anchored.Size, anchored.KeyText);
    }

    private static int Depth(JsonNode? node) => node switch
    {
        JsonObject o => 1 + (o.Count == 0 ? 0 : o.Max(p => Depth(p.Value))),
        JsonArray a => 1 + (a.Count == 0 ? 0 : a.Max(Depth)),
        _ => 0,
    };

    private static JsonNode? Scalar(Scalar scalar)
    {
        var text = scalar.Value;
        if (!scalar.Tag.IsEmpty && !scalar.Tag.IsNonSpecific)
            return YamlScalars.TryResolve(text, scalar.Tag.Value, out var tagged)
                ? tagged
                : throw new YamlException(scalar.Start, scalar.End, $"'{text}' is not a valid {scalar.Tag.Value}");
        return scalar.Style is ScalarStyle.Plain or ScalarStyle.Any && scalar.Tag.IsEmpty
            ? YamlScalars.Resolve(text)
            : JsonValue.Create(text);
    }

    // JSON keys are strings, so a key such as 8080 or true keeps its text, not its type.
    private static string ScalarText(Scalar scalar) => scalar.Value;
}
