using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Mesh.Tests.Kubernetes;

/// <summary>
/// Client certificates signed by the test cluster's CA: the API server (started with
/// <c>--client-ca-file</c>) takes the common name as the user and each organization as a group.
/// </summary>
public static class ClientCertificates
{
    public static (string CertificatePem, string KeyPem) Issue(string caCertificateFile, string caKeyFile, string user, params string[] groups)
    {
        using var caKey = RSA.Create();
        caKey.ImportFromPem(File.ReadAllText(caKeyFile));
        using var caPublic = X509Certificate2.CreateFromPem(File.ReadAllText(caCertificateFile));
        using var ca = caPublic.CopyWithPrivateKey(caKey);

        using var key = RSA.Create(2048);
        var subject = new X500DistinguishedNameBuilder();
        foreach (var group in groups) subject.AddOrganizationName(group);
        subject.AddCommonName(user);
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        // Within the CA's own validity, which began when the test cluster started.
        var notAfter = DateTimeOffset.UtcNow.AddDays(1) < ca.NotAfter ? DateTimeOffset.UtcNow.AddDays(1) : ca.NotAfter;
        using var certificate = request.Create(ca, ca.NotBefore, notAfter, RandomNumberGenerator.GetBytes(16));
        return (certificate.ExportCertificatePem(), key.ExportRSAPrivateKeyPem());
    }
}
