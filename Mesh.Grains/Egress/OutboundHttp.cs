using System.Collections.Concurrent;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Mesh.Grains.Delivery;
using Microsoft.Extensions.Options;

namespace Mesh.Grains.Egress;

/// <summary>
/// The mesh's outbound HTTP clients: every connection goes through the <see cref="EgressConnector"/>,
/// no proxy (it would be checked instead of the destination), no redirects (a public URL must not
/// bounce a request to an internal one). A destination with <c>CACerts</c> gets a client of its
/// own that trusts only those certificates.
/// </summary>
public sealed class OutboundHttp : IDisposable
{
    // Distinct CA bundles come from declarations; past this many the cache starts again rather than grow.
    private const int MaxCaClients = 256;

    private readonly EgressConnector? _connector;
    private readonly int _maxConnectionsPerServer;
    private readonly HttpClient _default;
    private readonly ConcurrentDictionary<string, HttpClient> _byCa = new(StringComparer.Ordinal);

    public OutboundHttp(EgressConnector connector, IOptions<DeliveryOptions> options)
    {
        _connector = connector;
        _maxConnectionsPerServer = options.Value.MaxConnectionsPerServer;
        _default = NewClient(null);
    }

    /// <summary>One fixed client for every destination, for tests of delivery alone (no egress policy, no CACerts).</summary>
    public OutboundHttp(HttpClient client) => _default = client;

    /// <summary>The client for a destination: the shared one, or one that trusts only <paramref name="caCerts"/> (PEM).</summary>
    public HttpClient For(string? caCerts)
    {
        if (string.IsNullOrWhiteSpace(caCerts) || _connector is null) return _default;
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(caCerts)));
        if (_byCa.TryGetValue(key, out var client)) return client;
        if (_byCa.Count >= MaxCaClients) _byCa.Clear();
        return _byCa.GetOrAdd(key, _ => NewClient(caCerts));
    }

    /// <summary>A handler with the egress policy, for clients the mesh builds elsewhere (the GitHub API).</summary>
    public SocketsHttpHandler CreateHandler(string? caCerts = null)
    {
        var handler = new SocketsHttpHandler
        {
            // Destinations come and go behind stable names; recycle connections so DNS changes are seen.
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            MaxConnectionsPerServer = _maxConnectionsPerServer > 0 ? _maxConnectionsPerServer : int.MaxValue,
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
        };
        if (_connector is not null) handler.ConnectCallback = _connector.ConnectAsync;
        if (!string.IsNullOrWhiteSpace(caCerts))
            handler.SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = TrustOnly(caCerts) };
        return handler;
    }

    private HttpClient NewClient(string? caCerts) =>
        // Per-attempt timeouts come from each destination's delivery.timeout.
        new(CreateHandler(caCerts)) { Timeout = Timeout.InfiniteTimeSpan };

    /// <summary>Accepts a server certificate only when it names the host and chains to one of <paramref name="pem"/>'s certificates.</summary>
    internal static RemoteCertificateValidationCallback TrustOnly(string pem)
    {
        var roots = new X509Certificate2Collection();
        try
        {
            roots.ImportFromPem(pem);
        }
        catch (CryptographicException)
        {
            // Validated at apply time; a bundle that still does not parse trusts nothing.
            roots.Clear();
        }
        return (_, certificate, chain, errors) =>
        {
            if (certificate is null || roots.Count == 0) return false;
            if ((errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0) return false;
            using var custom = new X509Chain();
            custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            custom.ChainPolicy.CustomTrustStore.AddRange(roots);
            // Intermediates the server sent, and any the bundle carries.
            if (chain is not null) custom.ChainPolicy.ExtraStore.AddRange(chain.ChainPolicy.ExtraStore);
            custom.ChainPolicy.ExtraStore.AddRange(roots);
            return custom.Build(certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
        };
    }

    public void Dispose()
    {
        _default.Dispose();
        foreach (var client in _byCa.Values) client.Dispose();
    }
}
