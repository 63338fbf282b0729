namespace Mesh.Tests.Operator.Api;

/// <summary>A watch on the resource API read as kubectl reads it: one JSON event per line, over a stream kept open.</summary>
public sealed class WatchClient : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;
    private readonly List<JsonObject> _seen = [];

    private WatchClient(HttpResponseMessage response, StreamReader reader)
    {
        _response = response;
        _reader = reader;
    }

    public HttpResponseMessage Response => _response;

    public static async Task<WatchClient> OpenAsync(HttpClient http, string path)
    {
        var response = await http.SendAsync(new HttpRequestMessage(HttpMethod.Get, path), HttpCompletionOption.ResponseHeadersRead);
        return new WatchClient(response, new StreamReader(await response.Content.ReadAsStreamAsync()));
    }

    /// <summary>The next event, or null when the server ended the stream.</summary>
    public async Task<JsonObject?> NextAsync(TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        var line = await _reader.ReadLineAsync(cancel.Token);
        if (line is null) return null;
        var change = JsonNode.Parse(line)!.AsObject();
        _seen.Add(change);
        return change;
    }

    /// <summary>Reads events until one of <paramref name="type"/> for <paramref name="name"/> comes (others, such as status writes, are passed over).</summary>
    public async Task<JsonObject> NextForAsync(string type, string name)
    {
        while (true)
        {
            var change = await NextAsync() ?? throw new Xunit.Sdk.XunitException($"the stream ended before {type} {name}; seen: {Seen}");
            if ((string?)change["type"] == type && (string?)change["object"]?["metadata"]?["name"] == name) return change;
        }
    }

    public string Seen => string.Join("\n", _seen.Select(s => s.ToJsonString()));

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        return ValueTask.CompletedTask;
    }
}
