using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Mesh.Operator.Kubernetes;

/// <summary>The CA certificates configured for the API server (<c>Mesh:Kubernetes:CertificateAuthority</c> or <c>…Data</c>).</summary>
public static class ClusterCertificates
{
    /// <summary>The configured CAs, or null when none is configured.</summary>
    /// <exception cref="KubernetesConfigurationException">The file or data holds no certificate.</exception>
    public static X509Certificate2Collection? Load(KubernetesOptions options) =>
        Problem(options) is { } problem ? throw new KubernetesConfigurationException(problem) : Read(options);

    /// <summary>Why the configured CA cannot be used, naming the key; null when it can (or none is set).</summary>
    public static string? Problem(KubernetesOptions options)
    {
        try
        {
            return Read(options) is { Count: 0 } ? $"{KeyOf(options)} holds no PEM certificate." : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or CryptographicException)
        {
            return $"{KeyOf(options)} cannot be read as PEM certificates: {e.Message}";
        }
    }

    private static X509Certificate2Collection? Read(KubernetesOptions options)
    {
        var pem = options.CertificateAuthority is { } path ? File.ReadAllText(path)
            : options.CertificateAuthorityData is { } data ? Encoding.UTF8.GetString(Convert.FromBase64String(data))
            : null;
        if (pem is null) return null;
        var certificates = new X509Certificate2Collection();
        certificates.ImportFromPem(pem);
        return certificates;
    }

    private static string KeyOf(KubernetesOptions options) => options.CertificateAuthority is { } path
        ? $"Mesh:Kubernetes:CertificateAuthority ('{path}')"
        : "Mesh:Kubernetes:CertificateAuthorityData";
}
