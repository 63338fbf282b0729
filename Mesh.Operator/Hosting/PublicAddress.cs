using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Mesh.Operator.Hosting;

/// <summary>Builds the URLs the mesh advertises for its addressable objects.</summary>
public sealed class PublicAddress(IOptions<OperatorOptions> options, IServer server) : Mesh.Grains.Identity.IMeshBaseAddress
{
    private string? _base;

    public string BaseUrl => _base ??= Compute();

    public string For(string path) => BaseUrl + path;

    private string Compute()
    {
        if (options.Value.PublicBaseUrl is { } configured) return configured.TrimEnd('/');
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://localhost:8080";
        var uri = new Uri(address.Replace("://+", "://localhost").Replace("://*", "://localhost").Replace("://[::]", "://localhost").Replace("://0.0.0.0", "://localhost"));
        return $"{uri.Scheme}://{uri.Authority}";
    }
}
