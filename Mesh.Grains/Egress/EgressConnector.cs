using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Mesh.Grains.Egress;

/// <summary>
/// The <see cref="SocketsHttpHandler.ConnectCallback"/> of every outbound client: resolves the
/// host itself, checks each address against the <see cref="EgressPolicy"/> and connects only to an
/// address it checked, so that a name which resolves differently later (DNS rebinding) cannot
/// lead a request somewhere the policy forbids.
/// </summary>
public sealed partial class EgressConnector(EgressPolicy policy, IHostResolver resolver, ILogger<EgressConnector> logger)
{
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellation)
    {
        var host = context.DnsEndPoint.Host;
        var port = context.DnsEndPoint.Port;
        var candidates = IPAddress.TryParse(host, out var literal) ? [literal] : await resolver.ResolveAsync(host, cancellation);
        List<string>? refused = null;
        SocketException? failure = null;
        foreach (var address in candidates)
        {
            var decision = policy.Check(address, port);
            if (!decision.Allowed)
            {
                (refused ??= []).Add(decision.Reason!);
                continue;
            }
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, port), cancellation);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                failure = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        if (failure is not null) throw failure;
        var reason = refused is null
            ? $"{host} resolved to no address"
            : $"egress policy: {host} resolved only to refused addresses: {string.Join("; ", refused)}";
        if (refused is not null) LogRefused(logger, host, port, reason);
        throw refused is null ? new SocketException((int)SocketError.HostNotFound) : new EgressForbiddenException(reason);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused to connect to {Host}:{Port}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string host, int port, string reason);
}
