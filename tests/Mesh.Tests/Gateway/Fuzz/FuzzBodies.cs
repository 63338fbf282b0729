using System.Text;
using CsCheck;

namespace Mesh.Tests.Gateway.Fuzz;

/// <summary>Request bodies as attackers write them: broken, truncated, deep, huge, not UTF-8, of the wrong shape.</summary>
public static class FuzzBodies
{
    private static readonly Gen<string> Word = Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789-._"].Array[1, 12].Select(c => new string(c));

    /// <summary>JSON values of every type, some of them strings that are not valid UTF-8 once encoded by <see cref="Utf8"/>.</summary>
    public static readonly Gen<string> Scalar = Gen.OneOf(
        Word.Select(w => $"\"{w}\""),
        Gen.Int[-1000, 1000].Select(i => i.ToString()),
        Gen.OneOf("null", "true", "false", "[]", "{}", "1e999", "-0", "\"\"", "\"\\ud800\"", "\"\\u0000\"", "\"%zz\"", "[1,[2,[3]]]", "{\"a\":{}}"),
        Gen.Int[1, 70_000].Select(n => "\"" + new string('x', n) + "\""));

    /// <summary>A CloudEvent in the JSON format with attributes swapped, dropped or given odd values.</summary>
    public static readonly Gen<string> Event = Gen.Select(
        Gen.OneOf("\"1.0\"", "\"0.3\"", "\"2.0\"", "1", "null"),
        Scalar, Scalar, Scalar, Gen.Bool, Gen.Bool,
        Gen.Select(Word, Scalar).Array[0, 4],
        (version, id, source, type, dropOne, withData, extensions) =>
        {
            var fields = new List<string> { $"\"specversion\":{version}", $"\"id\":{id}", $"\"source\":{source}", $"\"type\":{type}" };
            if (dropOne) fields.RemoveAt(fields.Count - 1);
            fields.AddRange(extensions.Select(e => $"\"{e.Item1}\":{e.Item2}"));
            if (withData) fields.Add("\"data\":{\"n\":1}");
            return "{" + string.Join(",", fields) + "}";
        });

    public static readonly Gen<string> Batch = Gen.OneOf(
        Event.Array[0, 5].Select(events => "[" + string.Join(",", events) + "]"),
        Scalar.Array[1, 4].Select(items => "[" + string.Join(",", items) + "]"),
        Gen.OneOf("[", "[[]]", "[{}]", "{}", "[null]", "[1,2,3]"));

    /// <summary>Opening brackets without end, or balanced: deeper than any parser's limit.</summary>
    public static readonly Gen<string> Deep = Gen.Select(Gen.Int[10, 20_000], Gen.Bool, Gen.Bool, (depth, arrays, closed) =>
    {
        var open = arrays ? "[" : "{\"a\":";
        var close = arrays ? "]" : "}";
        var text = new StringBuilder().Insert(0, open, depth).Append('1');
        if (closed) text.Insert(text.Length, close, depth);
        return text.ToString();
    });

    /// <summary>Resource API objects in JSON with fields of the wrong type where the API expects an object, string or list.</summary>
    public static readonly Gen<string> Declaration = Gen.Select(
        Gen.OneOf("Broker", "Trigger", "Secret", "GitHubSource", "PingSource", "Subscription", "InMemoryChannel", "Nonsense"),
        Gen.OneOf(Gen.Const("{\"name\":\"fuzz\",\"namespace\":\"fuzz\"}"), Scalar, Gen.Const("[]")),
        Gen.OneOf(Gen.Const("{}"), Scalar, Spec()),
        (kind, metadata, spec) => $"{{\"apiVersion\":\"eventing.knative.dev/v1\",\"kind\":\"{kind}\",\"metadata\":{metadata},\"spec\":{spec},\"stringData\":{metadata},\"data\":{spec}}}");

    private static Gen<string> Spec() => Gen.Select(Scalar, Scalar, Scalar, Scalar, Scalar, Scalar,
        (broker, subscriber, filter, delivery, sink, schedule) =>
            $"{{\"broker\":{broker},\"subscriber\":{{\"uri\":{subscriber},\"ref\":{filter}}},\"filter\":{{\"attributes\":{filter}}},\"filters\":[{{\"cesql\":{filter}}},{{\"all\":{delivery}}}],\"delivery\":{{\"retry\":{delivery},\"deadLetterSink\":{sink},\"backoffDelay\":{schedule}}},\"sink\":{sink},\"schedule\":{schedule},\"channel\":{filter},\"eventTypes\":{delivery},\"accessToken\":{{\"secretKeyRef\":{sink}}},\"ownerAndRepository\":{broker}}}");

    /// <summary>The same objects in YAML (flow style), with tabs, odd scalars and moderate nesting.</summary>
    /// <remarks>
    /// Aliases, alias bombs and very deep nesting are left to the YAML reader's own limits and tests
    /// (issue 11, the resource API's YAML reader); here nesting stays below YamlDotNet's recursion hazard.
    /// </remarks>
    public static readonly Gen<string> Yaml = Gen.OneOf(
        Declaration.Select(json => json),
        Gen.Select(Word, Scalar, Gen.Int[0, 40], (name, value, depth) =>
            $"apiVersion: eventing.knative.dev/v1\nkind: Trigger\nmetadata: {{ name: {name}, namespace: fuzz }}\nspec:\n  broker: {value}\n  filter: {new string('[', depth)}1{new string(']', depth)}\n"),
        Gen.OneOf("---\n---\n", "kind: [", "metadata:\n\t- x", "a: b: c", "? complex\n: key", "!!binary AAAA", "%YAML 1.1\n---\nkind: Broker", "- 1\n- 2", ""));

    /// <summary>A GitHub webhook payload: JSON, broken JSON or none.</summary>
    public static readonly Gen<string> GitHubPayload = Gen.OneOf(
        Gen.Select(Scalar, Scalar, (a, b) => $"{{\"action\":{a},\"repository\":{{\"name\":{b},\"owner\":{{\"login\":{a}}}}},\"sender\":{b},\"hook_id\":{a}}}"),
        Deep, Scalar, Gen.OneOf("", "{", "null", "[]"));

    /// <summary>Text as UTF-8, sometimes with bytes that are not UTF-8 inserted, and sometimes cut short.</summary>
    public static Gen<byte[]> Utf8(Gen<string> text) => Gen.Select(text, Gen.Int[0, 9], Gen.Int[0, int.MaxValue], (value, damage, at) =>
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        if (bytes.Length == 0) return bytes;
        var position = at % bytes.Length;
        return damage switch
        {
            0 => [.. bytes[..position], 0xFF, 0xFE, .. bytes[position..]],
            1 => [.. bytes[..position], 0xC0, 0x80, .. bytes[position..]],
            2 => [.. bytes[..position], 0xED, 0xA0, 0x80, .. bytes[position..]],
            3 => [.. bytes[..position], 0x80, .. bytes[position..]],
            4 => bytes[..position],
            _ => bytes,
        };
    });
}
