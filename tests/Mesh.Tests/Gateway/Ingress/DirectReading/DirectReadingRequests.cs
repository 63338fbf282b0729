using System.Text;
using CsCheck;

namespace Mesh.Tests.Gateway.Ingress.DirectReading;

/// <summary>
/// Requests that sit on the edges of what the direct readers take: the usual realistic event, and
/// each of its attributes made odd (case, percent-encoding, quotes, non-ASCII, control characters,
/// escapes, duplicates, wrong JSON types, bad times and URIs, missing or empty required ones).
/// </summary>
public static class DirectReadingRequests
{
    private static readonly Gen<string> Word = Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789-._/:"].Array[1, 12].Select(c => new string(c));

    private static readonly Gen<string> Name = Gen.Frequency(
        (12, Gen.OneOf("id", "source", "type", "subject", "time", "datacontenttype", "specversion", "myext", "traceparent", "knativebrokerttl")),
        (2, Gen.OneOf("ID", "Type", "dataschema", "data", "data_base64", "", "my_ext", "my.ext", "x", "a1")),
        (1, Gen.Char["abcdefghijklmnopqrstuvwxyzABC019_"].Array[1, 8].Select(c => new string(c))));

    /// <summary>Attribute values as text: mostly plain, some that only the SDK may judge.</summary>
    private static readonly Gen<string> Value = Gen.Frequency(
        (10, Word),
        (3, Gen.OneOf("/orders/eu/1", "https://example.com/a?b=c#d", "urn:x:y", "http://[", "::", "a b", "//host", "\\\\server")),
        (3, Gen.OneOf("2024-05-06T07:08:09Z", "2024-05-06T07:08:09.120+02:00", "2024-05-06T07:08:09.1234567Z", "2024-05-06T07:08:09.000Z",
            "2024-13-01T00:00:00Z", "yesterday", "0001-01-01T00:00:00+01:00", "2024-05-06T07:08:09z", "2024-05-06 07:08:09Z")),
        (2, Gen.OneOf("1.0", "0.3", "2.0", "1.0 ")),
        (2, Gen.OneOf("application/json", "text/plain", "application/json; charset=utf-8", "APPLICATION/JSON", "application/xml+json")),
        (2, Gen.OneOf("%20x", "caf%C3%A9", "%zz", "\"quoted\"", "a%", "\"a\\\"b\"", "", " ", "~`!@#$^&*()")),
        (1, Gen.OneOf("café", "\u0001", "\u007f", "a\u00a0b", "\ud83d\ude00")));

    /// <summary>
    /// The usual event's own time and source: mostly as producers write them, often in a form the
    /// SDK rewrites (offsets, fractions), sometimes invalid.
    /// </summary>
    private static readonly Gen<(string Time, string Source)> Usual = Gen.Select(
        Gen.Frequency(
            (8, Gen.OneOf("2024-05-06T07:08:09.123Z", "2024-05-06T07:08:09Z")),
            (3, Gen.OneOf("2024-05-06T07:08:09.120+02:00", "2024-05-06T07:08:09.1234567Z", "2024-05-06T07:08:09.000Z", "2024-05-06T07:08:09-00:00",
                "2024-05-06T07:08:09.5+05:30", "0001-01-01T00:00:00+01:00", "2024-05-06t07:08:09z")),
            (1, Gen.OneOf("2024-13-01T00:00:00Z", "yesterday", "2024-05-06 07:08:09Z", "2024-05-06T07:08:09")),
            // Edges of the canonical form the direct readers recognise without the SDK.
            (2, Gen.OneOf("2024-02-29T23:59:59.999Z", "2023-02-29T00:00:00Z", "2024-04-31T00:00:00Z", "0000-01-01T00:00:00Z",
                "9999-12-31T23:59:59.001Z", "2024-05-06T24:00:00Z", "2024-05-06T07:60:00Z", "2024-05-06T07:08:60Z", "2024-05-06T07:08:09.12aZ",
                "2024-05-06T07:08:09,123Z", "2024-05-06X07:08:09Z", "2024-00-06T07:08:09Z", "2024-05-00T07:08:09Z", "+024-05-06T07:08:09Z"))),
        Gen.Frequency(
            (4, Gen.OneOf("/orders", "https://shop.example.com/orders", "urn:shop:orders")),
            (1, Gen.OneOf("http://[", "::", "a b", "//host", "\\\\server", "https://example.com/a?b=c#d", "HTTPS://Example.COM/%7Ex"))),
        (time, source) => (time, source));

    /// <summary>Extensions a real producer adds: plain names and values, which the direct readers take.</summary>
    private static readonly Gen<string> PlainName = Gen.OneOf("myext", "traceparent", "partitionkey", "region", "a1");

    /// <summary>Extra attributes: half the time plain ones only, so that many requests are the usual kind.</summary>
    private static Gen<(string, string)[]> Extra(Gen<string> plainValue, Gen<string> anyValue) => Gen.Frequency(
        (1, Gen.Select(PlainName, plainValue).Array[0, 3]),
        (1, Gen.Select(Name, anyValue).Array[0, 6]));

    public static readonly Gen<byte[]> Binary = Gen.Select(
        Usual, Extra(Word, Value), Gen.Int[0, 15], Gen.OneOf("", "application/json", "text/plain", "application/cloudevents-batch", "tëxt/plain"),
        Gen.OneOf("{\"n\":1}", "", "plain text", "{\"message\":\"" + new string('x', 100) + "\"}"), Gen.Bool,
        (usual, odd, drop, contentType, body, upper) =>
        {
            var headers = new List<(string, string)>
            {
                ("ce-specversion", "1.0"), ("ce-id", "e-1"), ("ce-source", usual.Source), ("ce-type", "dev.example.order"),
                ("ce-subject", "order-42"), ("ce-time", usual.Time),
            };
            // Some requests lose one of their usual attributes, most keep all.
            if (drop < headers.Count) headers.RemoveAt(drop);
            headers.AddRange(odd.Select(h => ((upper ? "CE-" : "ce-") + h.Item1, h.Item2)));
            if (contentType.Length > 0) headers.Add(("Content-Type", contentType));
            return Request(headers, Encoding.UTF8.GetBytes(body));
        });

    /// <summary>JSON values for attributes: strings mostly, and every other token type.</summary>
    private static readonly Gen<string> JsonValue = Gen.Frequency(
        (12, Value.Select(v => Json(v))),
        (1, Gen.OneOf("\"\\u0041bc\"", "\"a\\/b\"", "\"\\u0001\"", "\"\\ud800\"")),
        (2, Gen.OneOf("1", "-5", "1.5", "99999999999", "true", "false", "null", "{}", "[]", "[\"a\"]")));

    private static readonly Gen<string> Data = Gen.Frequency(
        (3, Gen.Const("{\"order\":\"order-42\",\"customer\":\"c-7\",\"total\":129.5,\"currency\":\"EUR\",\"items\":[\"a\",\"b\"]}")),
        (1, Gen.OneOf("{\"message\":\"hello\",\"n\":[1,2,{\"x\":null}]}", "\"text\"", "42", "null", "[]", "{ }", "\"caf\u00e9\"", "\"\\u00e9\"", "true")),
        (1, Gen.Int[1, 70].Select(depth => new string('[', depth) + new string(']', depth))),
        (1, Gen.Int[1, 2000].Select(n => "{\"blob\":\"" + new string('b', n) + "\"}")));

    /// <summary>The structured event's datacontenttype: JSON mostly, sometimes one the JSON data must not have.</summary>
    private static readonly Gen<string> JsonDataContentType = Gen.Frequency(
        (6, Gen.Const("application/json")),
        (3, Gen.OneOf("text/plain", "application/json; charset=utf-8", "application/xml", "APPLICATION/JSON", "application/cloudevents+json")));

    public static readonly Gen<byte[]> Structured = Gen.Select(
        Usual, Extra(Word.Select(w => Json(w)), JsonValue), Gen.Int[0, 15], Gen.Frequency((5, Data.Select(d => (string?)d)), (1, Gen.Const<string?>((string?)null))),
        Gen.OneOf("application/cloudevents+json", "application/cloudevents+json; charset=utf-8", "Application/CloudEvents+JSON", "application/cloudevents+json; charset=utf-16"),
        Gen.Int[0, 30], JsonDataContentType,
        (usual, odd, drop, data, contentType, framing, dataContentType) =>
        {
            var fields = new List<string>
            {
                "\"specversion\":\"1.0\"", "\"id\":\"e-1\"", $"\"source\":{Json(usual.Source)}", "\"type\":\"dev.example.order\"",
                "\"subject\":\"order-42\"", $"\"time\":{Json(usual.Time)}", $"\"datacontenttype\":{Json(dataContentType)}",
            };
            if (drop < fields.Count) fields.RemoveAt(drop);
            fields.AddRange(odd.Select(f => $"{Json(f.Item1)}:{f.Item2}"));
            if (data is not null) fields.Add($"\"data\":{data}");
            var json = "{" + string.Join(",", fields) + "}";
            json = framing switch
            {
                0 => " \n" + json + "\n ",
                1 => json + "x",
                2 => json + "{}",
                3 => json[..^1],
                4 => "[" + json + "]",
                5 => json.Replace("\"id\"", "\"\\u0069d\""),
                6 => json.Replace(",", ", /* c */"),
                _ => json,
            };
            var bytes = Encoding.UTF8.GetBytes(json);
            if (framing == 7) bytes = [0xEF, 0xBB, 0xBF, .. bytes];
            return Request([("Content-Type", contentType)], bytes);
        });

    // Escaping only what JSON requires, as most producers do ('+' of a time offset stays as it is).
    private static string Json(string value) => System.Text.Json.JsonSerializer.Serialize(value, Relaxed);

    private static readonly System.Text.Json.JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static byte[] Request(IEnumerable<(string Name, string Value)> headers, byte[] body)
    {
        var head = new StringBuilder($"POST {DirectReadingServer.Path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: {body.Length}\r\n");
        foreach (var (name, value) in headers) head.Append(name).Append(": ").Append(value).Append("\r\n");
        head.Append("\r\n");
        // Header bytes as UTF-8, so that non-ASCII values reach the server as a careless client sends them.
        return [.. Encoding.UTF8.GetBytes(head.ToString()), .. body];
    }
}
