using System.Net;

namespace Mesh.Grains.Egress;

/// <summary>Resolves a host name for the <see cref="EgressConnector"/>: the system's DNS, or a stand-in in tests.</summary>
public interface IHostResolver
{
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellation);
}
