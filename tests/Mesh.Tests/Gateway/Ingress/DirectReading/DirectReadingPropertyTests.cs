using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using CsCheck;

namespace Mesh.Tests.Gateway.Ingress.DirectReading;

/// <summary>
/// The direct readers (binary headers and structured JSON straight into an envelope) must decide
/// every request exactly as the CloudEvents SDK does: accept or refuse it, with the same status and
/// problem, the same attributes and the same data bytes. The SDK is the oracle.
/// </summary>
public sealed class DirectReadingPropertyTests : IAsyncLifetime
{
    private DirectReadingServer _server = null!;

    public async Task InitializeAsync() => _server = await DirectReadingServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public Task Binary_mode_requests_are_read_directly_exactly_as_the_SDK_reads_them() =>
        AgreeAsync(DirectReadingRequests.Binary, "binary");

    [Fact]
    public Task Structured_mode_requests_are_read_directly_exactly_as_the_SDK_reads_them() =>
        AgreeAsync(DirectReadingRequests.Structured, "structured");

    [Theory]
    [InlineData("subject")]
    [InlineData("myext")]
    [InlineData("time")]
    [InlineData("dataschema")]
    public async Task An_empty_attribute_is_decided_as_the_SDK_decides_it_in_either_mode(string name)
    {
        // The generators reach an empty subject about once in ten runs; the SDK refuses it, an
        // empty extension it keeps.
        var binary = $"POST {DirectReadingServer.Path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nce-specversion: 1.0\r\nce-id: e-1\r\nce-source: /s\r\nce-type: t\r\nce-{name}: \r\nContent-Length: 2\r\nConnection: close\r\n\r\n{{}}";
        var json = $"{{\"specversion\":\"1.0\",\"id\":\"e-1\",\"source\":\"/s\",\"type\":\"t\",\"{name}\":\"\",\"data\":{{}}}}";
        var structured = $"POST {DirectReadingServer.Path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/cloudevents+json\r\nContent-Length: {Encoding.UTF8.GetByteCount(json)}\r\nConnection: close\r\n\r\n{json}";

        foreach (var request in new[] { binary, structured })
        {
            var comparison = (await SendAsync(Encoding.UTF8.GetBytes(request))).ShouldNotBeNull();
            comparison.Direct.ShouldBe(comparison.Sdk, $"for\n{request}");
        }
    }

    private async Task AgreeAsync(Gen<byte[]> requests, string mode)
    {
        var generated = new List<byte[]>();
        requests.Sample(generated.Add, iter: 1500, threads: 1);
        int direct = 0, accepted = 0, refused = 0;
        foreach (var request in generated)
        {
            // Kestrel itself refuses some requests (header bytes that are not ASCII): no reader saw them.
            if (await SendAsync(request) is not { } comparison) continue;
            comparison.Direct.ShouldBe(comparison.Sdk, $"the direct reader decided otherwise than the SDK for\n{Encoding.UTF8.GetString(request)}");
            if (comparison.TookDirect) direct++;
            if (comparison.Sdk.StartsWith("accepted", StringComparison.Ordinal)) accepted++;
            else refused++;
        }
        // Not vacuous: the usual events went the direct way, and the odd ones reached the SDK's refusals.
        direct.ShouldBeGreaterThan(generated.Count / 20, $"{mode}: too few requests were read directly ({direct} of {generated.Count})");
        refused.ShouldBeGreaterThan(generated.Count / 10, $"{mode}: too few invalid requests ({refused} of {generated.Count})");
        (accepted - direct).ShouldBeGreaterThan(0, $"{mode}: no valid request was left to the SDK, so the fallback went untested");
    }

    private async Task<DirectReadingServer.Comparison?> SendAsync(byte[] request)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync("127.0.0.1", _server.Port);
        await socket.SendAsync(request, SocketFlags.None);
        using var answer = new MemoryStream();
        var buffer = new byte[8192];
        int read;
        while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None)) > 0) answer.Write(buffer, 0, read);
        var text = Encoding.UTF8.GetString(answer.ToArray());
        if (!text.StartsWith("HTTP/1.1 200", StringComparison.Ordinal)) return null;
        var body = text[(text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
        return JsonSerializer.Deserialize<DirectReadingServer.Comparison>(body, JsonSerializerOptions.Web);
    }
}
