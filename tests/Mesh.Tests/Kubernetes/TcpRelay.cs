using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Mesh.Tests.Kubernetes;

/// <summary>
/// A TCP relay on 127.0.0.1 in front of the API server (TLS passes through untouched), to cut one
/// client off while the server and its other clients go on: <see cref="Sever"/> drops the open
/// connections, as a load balancer or a network blip would; <see cref="Refuse"/> keeps new ones
/// from getting through until <see cref="Admit"/>.
/// </summary>
public sealed class TcpRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly ConcurrentDictionary<Socket, Socket> _open = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly int _targetPort;
    private readonly Task _accepting;
    // Guards _refusing together with the registration of a connection: Refuse either finds a
    // connection in _open or the connection finds _refusing set, never neither.
    private readonly Lock _gate = new();
    private bool _refusing;

    public TcpRelay(int targetPort)
    {
        _targetPort = targetPort;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Closes every open connection; new ones are relayed again.</summary>
    public void Sever()
    {
        foreach (var (client, server) in _open)
        {
            client.Close();
            server.Close();
        }
    }

    /// <summary>Closes every open connection, and every new one as soon as it is accepted.</summary>
    public void Refuse()
    {
        lock (_gate) _refusing = true;
        Sever();
    }

    public void Admit()
    {
        lock (_gate) _refusing = false;
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(Socket client)
    {
        var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        bool refused;
        lock (_gate)
        {
            refused = _refusing;
            // Registered before it connects: a Sever or Refuse meanwhile closes it, and its connect fails.
            if (!refused) _open[client] = server;
        }
        if (refused)
        {
            client.Close();
            server.Close();
            return;
        }
        try
        {
            await server.ConnectAsync(IPAddress.Loopback, _targetPort, _stopping.Token);
            await Task.WhenAny(PumpAsync(client, server), PumpAsync(server, client));
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            _open.TryRemove(client, out _);
            client.Close();
            server.Close();
        }
    }

    private async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, _stopping.Token);
                if (read == 0) return;
                await to.SendAsync(buffer.AsMemory(0, read), _stopping.Token);
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        Sever();
        await _accepting;
    }
}
