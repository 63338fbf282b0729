using System.Net;
using Microsoft.AspNetCore.Http;

namespace Mesh.Silo.Hosting.Listeners;

/// <summary>One address Kestrel is told to listen on, and whether only this machine can reach it.</summary>
public sealed record ListenAddress(string Url, int Port, bool IsLoopback)
{
    /// <exception cref="FormatException">Not a URL Kestrel can listen on.</exception>
    public static ListenAddress Parse(string url)
    {
        var binding = BindingAddress.Parse(url.Trim());
        if (binding.IsNamedPipe || binding.IsUnixPipe) return new ListenAddress(url.Trim(), 0, true);
        var host = binding.Host.Trim('[', ']');
        var loopback = string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
        return new ListenAddress(url.Trim(), binding.Port, loopback);
    }

    public static IReadOnlyList<ListenAddress> ParseList(string? urls) =>
        string.IsNullOrWhiteSpace(urls) ? [] : [.. urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Parse)];
}
