using System.Net;
using System.Net.Sockets;

namespace Mesh.Tests.Infrastructure;

/// <summary>Finds loopback ports nobody listens on, for listeners a test starts after choosing their port.</summary>
/// <remarks>
/// A port the kernel hands out for port 0 is an ephemeral one, and between choosing it and binding it
/// the kernel may give the same port to any outgoing connection of the test run (an HTTP client, a
/// database connection): the silo then fails with "address already in use". Ports here come from
/// below the ephemeral range (32768–60999 on Linux), which outgoing connections never use, and each
/// is handed out once per run, so that two tests cannot be given the same one either. The range
/// ends below the upgrade fixture's fixed ports (31470–31472, <see cref="Upgrade.UpgradeTopology"/>).
/// </remarks>
public static class FreePort
{
    private const int First = 20000;
    private const int Count = 11000;

    // Runs side by side (two test processes) start at different places of the range.
    private static int _next = Environment.ProcessId % 100 * (Count / 100);

    public static int Next()
    {
        for (var tried = 0; tried < Count; tried++)
        {
            var port = First + (int)((uint)Interlocked.Increment(ref _next) % Count);
            if (IsFree(port)) return port;
        }
        throw new InvalidOperationException($"No loopback port between {First} and {First + Count - 1} is free.");
    }

    /// <summary>Whether nothing listens on <paramref name="port"/> of 127.0.0.1 now.</summary>
    public static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
