using System.Net;
using System.Net.Sockets;

namespace Mesh.Tests.Infrastructure;

/// <summary>Finds loopback ports nobody listens on, for Orleans' silo and gateway endpoints.</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
