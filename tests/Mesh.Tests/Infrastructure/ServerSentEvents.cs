using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Mesh.Tests.Infrastructure;

/// <summary>A real <c>text/event-stream</c> client: reads <c>data:</c> messages as JSON objects as they arrive.</summary>
public sealed class ServerSentEvents : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<JsonObject> _messages = Channel.CreateUnbounded<JsonObject>();
    private readonly Task _reader;

    private ServerSentEvents(HttpResponseMessage response)
    {
        _response = response;
        _reader = Task.Run(ReadAsync);
    }

    public HttpResponseMessage Response => _response;

    public static async Task<ServerSentEvents> OpenAsync(HttpClient http, string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/event-stream");
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return new ServerSentEvents(response);
    }

    /// <summary>The next message, or a failure naming what was awaited.</summary>
    public async Task<JsonObject> NextAsync(string what, TimeSpan? timeout = null)
    {
        using var wait = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        try
        {
            return await _messages.Reader.ReadAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"Timed out waiting for {what} on the tail.");
            throw;
        }
    }

    /// <summary>Reads messages until one satisfies <paramref name="match"/>; returns it and those skipped before it.</summary>
    public async Task<(JsonObject Match, List<JsonObject> Before)> UntilAsync(Func<JsonObject, bool> match, string what, TimeSpan? timeout = null)
    {
        var before = new List<JsonObject>();
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) Assert.Fail($"Timed out waiting for {what} on the tail; saw: {string.Join(" | ", before.Select(b => b.ToJsonString()))}");
            var message = await NextAsync(what, left);
            if (match(message)) return (message, before);
            before.Add(message);
        }
    }

    private async Task ReadAsync()
    {
        try
        {
            using var reader = new StreamReader(await _response.Content.ReadAsStreamAsync(_stop.Token));
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
                if (line.StartsWith("data: ", StringComparison.Ordinal))
                    await _messages.Writer.WriteAsync(JsonNode.Parse(line[6..])!.AsObject());
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or HttpRequestException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _response.Dispose();
        await _reader.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { });
    }
}
