using System.Net.Http.Headers;
using System.Text;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace Mesh.Tests.Gateway.Ingress.Conformance;

/// <summary>
/// One document of <c>shared/conformance/cloudevents-http/*.yaml</c>: an event and how to put it on the wire.
/// Every scalar is read as a string (<c>specversion: 1.0</c> must stay "1.0", <c>time</c> its own text).
/// </summary>
public sealed record CloudEventsHttpCase(
    string File, int Index, bool Structured,
    IReadOnlyDictionary<string, string> Attributes,
    IReadOnlyDictionary<string, string> Extensions,
    IReadOnlyDictionary<string, string> TransportExtensions,
    string? Data)
{
    public const string Folder = "cloudevents-http";

    public string SpecVersion => Attributes["specversion"];
    public string Id => Attributes["id"];

    public static IReadOnlyList<CloudEventsHttpCase> Load(string file)
    {
        using var reader = new StreamReader(ConformanceFiles.PathOf(Path.Combine(Folder, file)));
        var parser = new Parser(reader);
        var deserializer = new DeserializerBuilder().Build();
        parser.Consume<StreamStart>();
        var cases = new List<CloudEventsHttpCase>();
        while (parser.Accept<DocumentStart>(out _))
        {
            var document = deserializer.Deserialize<Dictionary<string, object>>(parser);
            cases.Add(FromDocument(file, cases.Count, document));
        }
        return cases;
    }

    public static IEnumerable<string> Files() =>
        Directory.GetFiles(ConformanceFiles.PathOf(Folder), "*.yaml").Select(Path.GetFileName).Order()!;

    private static CloudEventsHttpCase FromDocument(string file, int index, Dictionary<string, object> document)
    {
        var context = Strings(document["ContextAttributes"]);
        var extensions = document["ContextAttributes"] is Dictionary<object, object> c && c.TryGetValue("Extensions", out var e) ? Strings(e) : [];
        context.Remove("Extensions");
        var transport = document.TryGetValue("TransportExtensions", out var t) ? Strings(t) : [];
        var mode = document.TryGetValue("Mode", out var m) ? (string)m : "binary";
        return new CloudEventsHttpCase(file, index, mode == "structured", context, extensions, transport,
            document.TryGetValue("Data", out var data) ? (string)data : null);
    }

    private static Dictionary<string, string> Strings(object mapping) =>
        ((Dictionary<object, object>)mapping)
            .Where(kv => kv.Value is string)
            .ToDictionary(kv => (string)kv.Key, kv => ((string)kv.Value).Trim(), StringComparer.Ordinal);

    /// <summary>The POST the upstream sender makes of this document (conformance README, section 2).</summary>
    public HttpRequestMessage ToRequest(string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path);
        if (Structured)
        {
            var envelope = new JsonObject();
            foreach (var (name, value) in Attributes.Concat(Extensions)) envelope[name] = value;
            if (Data is not null) envelope["data"] = JsonNode.Parse(Data);
            request.Content = new StringContent(envelope.ToJsonString(), Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/cloudevents+json; charset=UTF-8");
        }
        else
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(Data ?? ""));
            foreach (var (name, value) in Attributes.Concat(Extensions))
            {
                if (name == "datacontenttype") request.Content.Headers.TryAddWithoutValidation("Content-Type", value);
                else request.Headers.TryAddWithoutValidation("ce-" + name, value);
            }
        }
        foreach (var (name, value) in TransportExtensions) request.Headers.TryAddWithoutValidation(name, value);
        return request;
    }

    /// <summary>
    /// The attributes and extensions a receiver reconstructs. In binary mode a header value is first
    /// unescaped as RFC 7230 double-quoted strings (HTTP binding 3.1.3.2, a MUST of the current text),
    /// which the 2022 data predates: its <c>{"othervalue": 5}</c> header reads back as <c>{othervalue: 5}</c>.
    /// </summary>
    public IReadOnlyDictionary<string, string> ExpectedAttributes() =>
        Attributes.Concat(Extensions).ToDictionary(kv => kv.Key,
            kv => Structured || kv.Key == "datacontenttype" ? kv.Value : Unquote(kv.Value), StringComparer.Ordinal);

    private static string Unquote(string headerValue)
    {
        var text = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < headerValue.Length; i++)
        {
            if (headerValue[i] == '"') quoted = !quoted;
            else if (headerValue[i] == '\\' && quoted) text.Append(headerValue[++i]);
            else text.Append(headerValue[i]);
        }
        return text.ToString();
    }

    public override string ToString() => $"{File}#{Index} ({(Structured ? "structured" : "binary")}, {Id})";
}
