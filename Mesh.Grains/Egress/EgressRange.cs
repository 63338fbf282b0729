using System.Net;

namespace Mesh.Grains.Egress;

/// <summary>Reads the ranges of <c>Mesh:Egress:Allow</c> and <c>Deny</c>: CIDR ranges, or single addresses.</summary>
public static class EgressRange
{
    /// <returns>Null when <paramref name="text"/> parses, else why not.</returns>
    public static string? TryParse(string text, out IPNetwork network)
    {
        network = default;
        var trimmed = text.Trim();
        if (IPAddress.TryParse(trimmed, out var single) && !trimmed.Contains('/'))
        {
            single = EgressPolicy.Normalize(single);
            network = new IPNetwork(single, single.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
            return null;
        }
        if (IPNetwork.TryParse(trimmed, out network)) return null;
        return "write an address and a prefix length, such as 10.0.0.0/8 or fd00::/8, or one address";
    }
}
