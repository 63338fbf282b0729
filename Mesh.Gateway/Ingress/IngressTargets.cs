using System.Collections.Concurrent;
using Mesh.Grains.Brokers;
using Mesh.Grains.Channels;

namespace Mesh.Gateway.Ingress;

/// <summary>
/// The grain references ingress publishes to, one per broker and channel. Orleans resolves the
/// grain interface by reflection and builds a new proxy on every <c>GetGrain</c>, which cost about
/// 5% of an ingress request's CPU when done per publish; a reference is immutable and may be shared.
/// </summary>
/// <remarks>
/// Bounded: past <see cref="Capacity"/> references the cache starts again from empty, so posts to
/// made-up names cost a lookup each, never memory.
/// </remarks>
public sealed class IngressTargets(IGrainFactory grains)
{
    /// <summary>References kept per kind at most.</summary>
    public const int Capacity = 4096;

    private readonly ConcurrentDictionary<string, IBrokerGrain> _brokers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IChannelGrain> _channels = new(StringComparer.Ordinal);

    /// <param name="key"><c>{namespace}/{name}</c></param>
    public IBrokerGrain Broker(string key) => Get(_brokers, key, static (k, g) => g.GetGrain<IBrokerGrain>(k));

    /// <param name="key"><c>{namespace}/{name}</c></param>
    public IChannelGrain Channel(string key) => Get(_channels, key, static (k, g) => g.GetGrain<IChannelGrain>(k));

    private T Get<T>(ConcurrentDictionary<string, T> references, string key, Func<string, IGrainFactory, T> create)
    {
        if (references.TryGetValue(key, out var reference)) return reference;
        if (references.Count >= Capacity) references.Clear();
        return references.GetOrAdd(key, create, grains);
    }
}
