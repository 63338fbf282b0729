using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Mesh.Grains.Egress;

/// <summary>
/// The egress policy (see docs/security.md): only http and https; never this host's Orleans ports;
/// link-local and cloud metadata addresses refused unless <c>Mesh:Egress:Allow</c> opens them;
/// <c>Mesh:Egress:Deny</c> adds ranges. Among the ranges that contain an address the most specific
/// (longest prefix) decides; at equal length a configured range beats a built-in one and Deny beats
/// Allow. An address no range contains is allowed.
/// </summary>
public sealed class EgressPolicy
{
    private const string MetadataReason = "where cloud metadata services answer";
    private static readonly (string Range, string What)[] Defaults =
    [
        ("169.254.0.0/16", $"a link-local address, {MetadataReason}"),
        ("fe80::/10", "an IPv6 link-local address"),
        ("100.100.100.200/32", $"a cloud metadata address"),
        ("fd00:ec2::254/128", $"a cloud metadata address"),
    ];

    private readonly List<Rule> _rules = [];
    private readonly Dictionary<int, string> _reservedPorts;
    private IPAddress[] _hostAddresses = [];
    private long _hostAddressesAt = long.MinValue;

    public EgressPolicy(IOptions<EgressOptions> options)
    {
        foreach (var (range, what) in Defaults)
            _rules.Add(new Rule(IPNetwork.Parse(range), Allowed: false, Configured: false, what));
        Add(options.Value.Allow, allowed: true, "Allow");
        Add(options.Value.Deny, allowed: false, "Deny");
        _reservedPorts = new(options.Value.ReservedPorts);
    }

    private void Add(List<string> ranges, bool allowed, string key)
    {
        for (var i = 0; i < ranges.Count; i++)
            if (EgressRange.TryParse(ranges[i], out var network) is null)
                _rules.Add(new Rule(network, allowed, Configured: true, $"{EgressOptions.Section}:{key}:{i}"));
    }

    /// <summary>
    /// The check at apply time, on the URL as declared: its scheme, and its host when that is an IP
    /// address or <c>localhost</c>. Names are resolved, and checked again, when a request connects.
    /// </summary>
    public EgressDecision Check(Uri uri)
    {
        if (!uri.IsAbsoluteUri) return EgressDecision.Refuse($"'{uri}' is not an absolute URL");
        if (uri.Scheme is not ("http" or "https"))
            return EgressDecision.Refuse($"the scheme '{uri.Scheme}' of {uri} is not http or https, the only schemes the mesh delivers to");
        var host = uri.DnsSafeHost;
        if (IPAddress.TryParse(host, out var address)) return Check(address, uri.Port);
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
            return Check(IPAddress.Loopback, uri.Port);
        return EgressDecision.Allow;
    }

    /// <summary>The check at connect time, on each address a name resolved to.</summary>
    public EgressDecision Check(IPAddress address, int port)
    {
        address = Normalize(address);
        if (_reservedPorts.TryGetValue(port, out var setting) && IsLocal(address))
            return EgressDecision.Refuse($"{Show(address, port)} is this mesh's own Orleans port ({setting}); the egress policy never calls it");
        Rule? winner = null;
        foreach (var rule in _rules)
        {
            if (!rule.Network.Contains(address)) continue;
            if (winner is null || rule.Beats(winner.Value)) winner = rule;
        }
        if (winner is not { Allowed: false } refused) return EgressDecision.Allow;
        return EgressDecision.Refuse(refused.Configured
            ? $"{Show(address, port)} is in {refused.Network}, refused by {refused.Origin}"
            : $"{Show(address, port)} is {refused.Origin}; the egress policy refuses it by default ({EgressOptions.Section}:Allow can open it)");
    }

    /// <summary>IPv4-mapped IPv6 addresses as IPv4, and no IPv6 scope, so that ranges match what is really dialled.</summary>
    public static IPAddress Normalize(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) return address.MapToIPv4();
        return address.AddressFamily == AddressFamily.InterNetworkV6 && address.ScopeId != 0 ? new IPAddress(address.GetAddressBytes()) : address;
    }

    private static string Show(IPAddress address, int port) =>
        address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]:{port}" : $"{address}:{port}";

    private bool IsLocal(IPAddress address) =>
        IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || HostAddresses().Contains(address);

    // Interfaces change rarely; reading them on every connect would cost more than the connect.
    private IPAddress[] HostAddresses()
    {
        var now = Environment.TickCount64;
        if (now - Interlocked.Read(ref _hostAddressesAt) < 30_000) return _hostAddresses;
        try
        {
            _hostAddresses = [.. NetworkInterface.GetAllNetworkInterfaces()
                .SelectMany(i => i.GetIPProperties().UnicastAddresses)
                .Select(a => Normalize(a.Address))];
        }
        catch (NetworkInformationException)
        {
            _hostAddresses = [];
        }
        Interlocked.Exchange(ref _hostAddressesAt, now);
        return _hostAddresses;
    }

    private readonly record struct Rule(IPNetwork Network, bool Allowed, bool Configured, string Origin)
    {
        public bool Beats(Rule other)
        {
            if (Network.PrefixLength != other.Network.PrefixLength) return Network.PrefixLength > other.Network.PrefixLength;
            if (Configured != other.Configured) return Configured;
            return !Allowed && other.Allowed;
        }
    }
}
