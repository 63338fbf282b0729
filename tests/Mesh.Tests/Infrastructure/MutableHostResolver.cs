using System.Collections.Concurrent;
using System.Net;
using Mesh.Grains.Egress;

namespace Mesh.Tests.Infrastructure;

/// <summary>
/// A DNS that a test can change between two requests (to play DNS rebinding): names it was told
/// about resolve to what it was told, the rest through the system's resolver. Counts the lookups.
/// </summary>
public sealed class MutableHostResolver : IHostResolver
{
    private readonly ConcurrentDictionary<string, IPAddress[]> _names = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, int> _lookups = new(StringComparer.OrdinalIgnoreCase);

    public void Map(string host, params string[] addresses) => _names[host] = [.. addresses.Select(IPAddress.Parse)];

    public int LookupsOf(string host) => _lookups.TryGetValue(host, out var n) ? n : 0;

    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellation)
    {
        _lookups.AddOrUpdate(host, 1, (_, n) => n + 1);
        return _names.TryGetValue(host, out var addresses) ? Task.FromResult(addresses) : Dns.GetHostAddressesAsync(host, cancellation);
    }
}
