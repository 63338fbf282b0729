using System.Net;

namespace Mesh.Grains.Egress;

/// <summary>The system's resolver (<see cref="Dns"/>).</summary>
public sealed class SystemHostResolver : IHostResolver
{
    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellation) => Dns.GetHostAddressesAsync(host, cancellation);
}
