using System.Net.Sockets;
using System.Text;

namespace Mesh.Tests.Gateway.Fuzz;

/// <summary>
/// Sends a request as raw bytes over TCP (so that headers and bodies can be as broken as an attacker
/// makes them) and reads the status code of the answer (null when none came) and its first KiB.
/// </summary>
public static class RawHttp
{
    /// <param name="hangUp">Close the sending side after the bytes, as a client does that sends less than its Content-Length and goes.</param>
    public static async Task<(int? Status, string Head)> SendAsync(int port, byte[] request, bool hangUp, TimeSpan timeout)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        using var bound = new CancellationTokenSource(timeout);
        try
        {
            await socket.ConnectAsync("127.0.0.1", port, bound.Token);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return (null, "");
        }
        // Read while sending: a server may answer (413, 431, 404) before it has read a large body,
        // then close, and an answer not yet read when the reset arrives would be lost.
        var answer = ReadStatusAsync(socket, bound.Token);
        try
        {
            await socket.SendAsync(request, SocketFlags.None, bound.Token);
            if (hangUp) socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            // The server stopped reading; its answer, if any, is on the way.
        }
        return await answer;
    }

    private static async Task<(int? Status, string Head)> ReadStatusAsync(Socket socket, CancellationToken cancellation)
    {
        // The status line and, for failures, enough of the rest to say why.
        var buffer = new byte[1024];
        var read = 0;
        try
        {
            while (read < buffer.Length)
            {
                var n = await socket.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None, cancellation);
                if (n == 0) break;
                read += n;
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
        }
        var head = Encoding.UTF8.GetString(buffer, 0, read);
        return (Status(head), head);
    }

    private static int? Status(string head) =>
        head.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) && head.Length >= 12 && int.TryParse(head.AsSpan(9, 3), out var status) ? status : null;
}
