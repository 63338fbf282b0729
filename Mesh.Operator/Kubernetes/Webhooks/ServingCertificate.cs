using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Mesh.Operator.Kubernetes.Webhooks;

/// <summary>
/// The webhooks' TLS material as the Secret keeps it (PEM, Knative's key names): a self-signed CA,
/// which goes into the webhook configurations' <c>caBundle</c>, and the leaf it signed for the
/// Service's names. The CA's key is not kept: a new pair is issued when the leaf must change.
/// </summary>
public sealed record ServingCertificate(string CaPem, string CertificatePem, string KeyPem)
{
    public const string CaKey = "ca-cert.pem";
    public const string CertificateKey = "server-cert.pem";
    public const string PrivateKeyKey = "server-key.pem";

    public static ServingCertificate Issue(IReadOnlyList<string> names, DateTimeOffset now, TimeSpan validity)
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest($"CN=mesh-webhook-ca-{now:yyyyMMddHHmmss}", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        // Backdated a little: the API server's clock may lag this one.
        using var ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now + validity);

        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var leafRequest = new CertificateRequest($"CN={names[0]}", leafKey, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in names)
            if (IPAddress.TryParse(name, out var ip)) san.AddIpAddress(ip);
            else san.AddDnsName(name);
        leafRequest.CertificateExtensions.Add(san.Build());
        leafRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        leafRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        leafRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        leafRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        using var leaf = leafRequest.Create(ca, now.AddMinutes(-5), now + validity, RandomNumberGenerator.GetBytes(16));
        return new ServingCertificate(ca.ExportCertificatePem(), leaf.ExportCertificatePem(), leafKey.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>The material a Secret holds, or null when a key is missing or does not parse.</summary>
    public static ServingCertificate? FromSecretData(IDictionary<string, byte[]>? data)
    {
        if (data is null || !data.TryGetValue(CaKey, out var ca) || !data.TryGetValue(CertificateKey, out var cert) || !data.TryGetValue(PrivateKeyKey, out var key))
            return null;
        var certificate = new ServingCertificate(Text(ca), Text(cert), Text(key));
        try
        {
            using var _ = certificate.ToServerCertificate();
            using var __ = X509Certificate2.CreateFromPem(certificate.CaPem);
            return certificate;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    public Dictionary<string, byte[]> ToSecretData() => new()
    {
        [CaKey] = Bytes(CaPem),
        [CertificateKey] = Bytes(CertificatePem),
        [PrivateKeyKey] = Bytes(KeyPem),
    };

    /// <summary>The leaf with its key, as Kestrel serves it.</summary>
    public X509Certificate2 ToServerCertificate() => X509Certificate2.CreateFromPem(CertificatePem, KeyPem);

    public byte[] CaBundle => Bytes(CaPem);

    /// <summary>Whether the leaf carries every name, is signed by the CA, and stays valid for longer than <paramref name="renewBefore"/>.</summary>
    public bool Serves(IReadOnlyList<string> names, DateTimeOffset now, TimeSpan renewBefore)
    {
        var renewAt = now + renewBefore;
        using var leaf = X509Certificate2.CreateFromPem(CertificatePem);
        using var ca = X509Certificate2.CreateFromPem(CaPem);
        if (leaf.NotAfter.ToUniversalTime() <= renewAt.UtcDateTime || ca.NotAfter.ToUniversalTime() <= renewAt.UtcDateTime) return false;
        var covered = leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>()
            .SelectMany(e => e.EnumerateDnsNames().Concat(e.EnumerateIPAddresses().Select(ip => ip.ToString())))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (!names.All(n => covered.Contains(IPAddress.TryParse(n, out var ip) ? ip.ToString() : n))) return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        return chain.Build(leaf);
    }

    private static string Text(byte[] bytes) => System.Text.Encoding.ASCII.GetString(bytes);

    private static byte[] Bytes(string text) => System.Text.Encoding.ASCII.GetBytes(text);
}
