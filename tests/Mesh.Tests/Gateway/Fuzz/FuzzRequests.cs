using System.Text;
using CsCheck;
using Mesh.Grains.Sources.GitHub;

namespace Mesh.Tests.Gateway.Fuzz;

/// <summary>
/// Malformed requests to every surface an attacker reaches: broker and channel ingress (binary,
/// structured, batch), the resource API (JSON and YAML) and the GitHub receiver. Broken headers,
/// wrong content types, truncated or invalid JSON, deep nesting, huge attributes, bytes that are
/// not UTF-8, bad batch arrays, bad signatures, and made-up names.
/// </summary>
public static class FuzzRequests
{
    private static readonly Gen<string> Word = Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789-"].Array[1, 16].Select(c => new string(c));

    /// <summary>The fixed names the test declares, mixed with made-up ones.</summary>
    public const string Namespace = "fuzz", Broker = "default", Channel = "ch", Source = "gh";

    private static readonly Gen<string> BrokerPath = Gen.Frequency(
        (3, Gen.Const($"/{Namespace}/{Broker}")),
        (2, Word.Select(w => $"/{Namespace}/{w}")),
        (1, Gen.Select(Word, Word, (n, b) => $"/{n}/{b}")),
        (1, Gen.Const($"/channels/{Namespace}/{Channel}")),
        (1, Word.Select(w => $"/channels/{Namespace}/{w}")));

    private static readonly Gen<string> ContentType = Gen.OneOf(
        "application/json", "application/cloudevents+json", "application/cloudevents-batch+json", "application/cloudevents+json; charset=utf-16",
        "application/cloudevents+xml", "application/cloudevents", "text/plain", "multipart/form-data; boundary=", ";;;", "application/cloudevents-batch+json; x=\"", "");

    /// <summary>Header values with odd bytes: not ASCII, broken percent-encoding, very long, empty.</summary>
    private static readonly Gen<byte[]> HeaderValue = Gen.OneOf(
        Word.Select(w => Encoding.ASCII.GetBytes(w)),
        Gen.OneOf("%", "%zz", "%E2%82", "%00", "%FF%FE", " leading", "trailing ", "a,b,c", "").Select(v => Encoding.ASCII.GetBytes(v)),
        Gen.Byte[0x80, 0xFF].Array[1, 12],
        Gen.Int[100, 40_000].Select(n => Encoding.ASCII.GetBytes(new string('v', n))));

    private static readonly Gen<(string Name, byte[] Value)> CeHeader = Gen.Select(
        Gen.OneOf(Gen.OneOf("ce-specversion", "ce-id", "ce-source", "ce-type", "ce-time", "ce-datacontenttype", "ce-dataschema", "ce-subject", "ce-"), Word.Select(w => "ce-" + w)),
        HeaderValue);

    private static readonly Gen<FuzzRequest> Binary = Gen.Select(BrokerPath, CeHeader.Array[0, 12], Gen.Bool, ContentType, FuzzBodies.Utf8(FuzzBodies.Scalar), HeadersBreakage(),
        (path, headers, valid, contentType, body, breakage) =>
        {
            var all = new List<(string, byte[])>();
            if (valid)
                all.AddRange([("ce-specversion", "1.0"u8.ToArray()), ("ce-id", "1"u8.ToArray()), ("ce-source", "/fuzz"u8.ToArray()), ("ce-type", "dev.fuzz"u8.ToArray())]);
            all.AddRange(headers);
            if (contentType.Length > 0) all.Add(("Content-Type", Encoding.ASCII.GetBytes(contentType)));
            return new FuzzRequest("binary", Http("POST", path, all, body, breakage)) { HangsUp = breakage == 1 };
        });

    private static readonly Gen<FuzzRequest> Structured = Gen.Select(BrokerPath, FuzzBodies.Utf8(Gen.OneOf(FuzzBodies.Event, FuzzBodies.Deep, FuzzBodies.Scalar)), HeadersBreakage(),
        Gen.OneOf("application/cloudevents+json", "application/cloudevents+json; charset=utf-8", "application/cloudevents"),
        (path, body, breakage, contentType) => new FuzzRequest("structured", Http("POST", path, [("Content-Type", Encoding.ASCII.GetBytes(contentType))], body, breakage)) { HangsUp = breakage == 1 });

    private static readonly Gen<FuzzRequest> Batch = Gen.Select(BrokerPath, FuzzBodies.Utf8(Gen.OneOf(FuzzBodies.Batch, FuzzBodies.Deep)), HeadersBreakage(),
        (path, body, breakage) => new FuzzRequest("batch", Http("POST", path, [("Content-Type", "application/cloudevents-batch+json"u8.ToArray())], body, breakage)) { HangsUp = breakage == 1 });

    private static readonly Gen<string> ResourcePath = Gen.Select(
        Gen.OneOf("/apis/eventing.knative.dev/v1", "/apis/messaging.knative.dev/v1", "/apis/sources.knative.dev/v1", "/apis/sources.knative.dev/v1alpha1", "/api/v1", "/apis/flows.knative.dev/v1", "/apis/nope/v9"),
        Gen.OneOf("brokers", "triggers", "secrets", "githubsources", "pingsources", "subscriptions", "inmemorychannels", "channels", "sequences", "parallels", "things"),
        Gen.OneOf("fuzz", "fuzz-a", "fuzz-b", "Not_A_Label", "-"),
        // Few names, so that accepted objects overwrite each other rather than pile up.
        Gen.OneOf("a", "b", "c", "fuzz", "UPPER", "x".PadRight(70, 'x'), ""),
        (prefix, plural, ns, name) => name.Length == 0 ? $"{prefix}/namespaces/{ns}/{plural}" : $"{prefix}/namespaces/{ns}/{plural}/{name}");

    private static readonly Gen<FuzzRequest> Resource = Gen.Select(ResourcePath, Gen.OneOf("PUT", "POST", "GET", "DELETE", "PATCH"), Gen.Bool,
        FuzzBodies.Utf8(Gen.OneOf(FuzzBodies.Declaration, FuzzBodies.Deep, FuzzBodies.Scalar)), FuzzBodies.Utf8(FuzzBodies.Yaml), HeadersBreakage(),
        (path, method, json, jsonBody, yamlBody, breakage) => json
            ? new FuzzRequest("resource-json", Http(method, path, [("Content-Type", "application/json"u8.ToArray())], method is "GET" or "DELETE" ? [] : jsonBody, breakage)) { HangsUp = breakage == 1 }
            : new FuzzRequest("resource-yaml", Http(method, path, [("Content-Type", "application/yaml"u8.ToArray())], method is "GET" or "DELETE" ? [] : yamlBody, breakage)) { HangsUp = breakage == 1 });

    /// <summary>Signed with the source's real secret (so that the payload is read), with another, badly, or not at all.</summary>
    public static Gen<FuzzRequest> GitHub(string secret) => Gen.Select(
        Gen.Frequency((3, Gen.Const($"/sources/github/{Namespace}/{Source}")), (1, Word.Select(w => $"/sources/github/{Namespace}/{w}"))),
        FuzzBodies.Utf8(FuzzBodies.GitHubPayload), Gen.Int[0, 5], Gen.OneOf(Gen.OneOf("push", "ping", "issues", "", "unknown_event"), Word), Gen.Bool, HeadersBreakage(),
        (path, body, signing, gitHubEvent, withDelivery, breakage) =>
        {
            var headers = new List<(string, byte[])> { ("Content-Type", "application/json"u8.ToArray()), ("X-GitHub-Event", Encoding.ASCII.GetBytes(gitHubEvent)) };
            if (withDelivery) headers.Add(("X-GitHub-Delivery", Guid.NewGuid().ToByteArray().Select(b => (byte)('a' + b % 26)).ToArray()));
            switch (signing)
            {
                case 0 or 1: headers.Add(("X-Hub-Signature-256", Encoding.ASCII.GetBytes(WebhookSignature.Sign256(body, secret)))); break;
                case 2: headers.Add(("X-Hub-Signature-256", Encoding.ASCII.GetBytes(WebhookSignature.Sign256(body, "not the secret")))); break;
                case 3: headers.Add(("X-Hub-Signature-256", "sha256=zz"u8.ToArray())); break;
                case 4: headers.Add(("X-Hub-Signature", "sha1="u8.ToArray())); break;
            }
            return new FuzzRequest("github", Http("POST", path, headers, body, breakage)) { HangsUp = breakage == 1 };
        });

    public static Gen<FuzzRequest> Any(string gitHubSecret) => Gen.Frequency(
        (3, Binary), (3, Structured), (2, Batch), (3, Resource), (2, GitHub(gitHubSecret)));

    /// <summary>How the framing is broken: not at all, a Content-Length that lies, a header line without a colon, chunks that lie.</summary>
    private static Gen<int> HeadersBreakage() => Gen.Frequency((12, Gen.Const(0)), (1, Gen.Const(1)), (1, Gen.Const(2)), (1, Gen.Const(3)), (1, Gen.Const(4)), (1, Gen.Const(5)));

    private static byte[] Http(string method, string path, IReadOnlyList<(string Name, byte[] Value)> headers, byte[] body, int breakage)
    {
        var head = new MemoryStream();
        void Write(string text) => head.Write(Encoding.ASCII.GetBytes(text));
        Write($"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
        foreach (var (name, value) in headers)
        {
            Write(name + ": ");
            head.Write(value);
            Write("\r\n");
        }
        switch (breakage)
        {
            case 1: Write($"Content-Length: {body.Length + 100}\r\n"); break;
            case 2: Write("Content-Length: 1\r\nContent-Length: 2\r\n"); break;
            case 3: Write("this line has no colon\r\n"); break;
            case 4:
                // A chunk that is not followed by its line end, then a size that is not hex.
                Write("Transfer-Encoding: chunked\r\n\r\n");
                Write($"{body.Length / 2:x}\r\n");
                head.Write(body);
                Write("\r\nzz\r\n");
                return head.ToArray();
            case 5: Write(string.Concat(Enumerable.Range(0, 150).Select(i => $"X-Many-{i}: {i}\r\n"))); goto default;
            default: Write($"Content-Length: {body.Length}\r\n"); break;
        }
        Write("\r\n");
        head.Write(body);
        return head.ToArray();
    }
}
