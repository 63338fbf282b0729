namespace Mesh.Grains.Senders;

/// <summary><c>Mesh:Auth:Senders</c>: whether every sender must authenticate, and whose tokens count.</summary>
public sealed class SenderSettings
{
    /// <summary>Every event sent to a broker or channel needs a bearer token for its audience. Default false (only targets a policy applies to need one).</summary>
    public bool Required { get; set; }

    /// <summary>
    /// Issuer URLs whose tokens are accepted (discovery and JWKS fetched from each and cached). The
    /// mesh's own issuer is always trusted, so that its deliveries and replies pass. Default: none.
    /// </summary>
    public List<string> Issuers { get; set; } = [];
}
