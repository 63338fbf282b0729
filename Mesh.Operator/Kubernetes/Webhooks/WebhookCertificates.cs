using System.Net;
using System.Security.Cryptography.X509Certificates;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mesh.Operator.Kubernetes.Webhooks;

/// <summary>
/// The webhooks' serving certificate, kept in a Secret of the mesh's namespace so that every
/// instance serves the same one and a restart keeps it: read when valid, otherwise issued and
/// written (created, or replaced at the version read, so that of two instances one wins and the
/// other reads the winner's).
/// </summary>
public sealed partial class WebhookCertificates(
    KubernetesConnection connection, IOptions<WebhookOptions> options, IOptions<KubernetesOptions> kubernetes, TimeProvider time, ILogger<WebhookCertificates> logger)
{
    private volatile X509Certificate2? _served;

    /// <summary>The certificate Kestrel serves; null until the Secret has been read or written.</summary>
    public X509Certificate2? Served => _served;

    /// <summary>The material in use; null until the Secret has been read or written.</summary>
    public ServingCertificate? Current { get; private set; }

    public string Namespace => options.Value.Namespace ?? kubernetes.Value.LeaseNamespace;

    /// <summary>Reads the Secret, replacing what it holds when it is missing, unreadable, expiring or lacks a name; returns the material served.</summary>
    public async Task<ServingCertificate> RefreshAsync(CancellationToken cancellation)
    {
        var o = options.Value;
        var names = o.CertificateNames(Namespace);
        for (var attempt = 1; ; attempt++)
        {
            var secret = await ReadAsync(cancellation);
            if (ServingCertificate.FromSecretData(secret?.Data) is { } stored && stored.Serves(names, time.GetUtcNow(), o.RenewBefore))
                return Use(stored);
            var issued = ServingCertificate.Issue(names, time.GetUtcNow(), o.CertificateValidity);
            try
            {
                await WriteAsync(secret, issued, cancellation);
                LogIssued(logger, Namespace, o.SecretName, secret is null ? "there was none" : "the stored one was expiring, unreadable or lacked a name");
                return Use(issued);
            }
            catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.Conflict && attempt < 5)
            {
                // Another instance wrote it first: read and use that one.
            }
        }
    }

    private ServingCertificate Use(ServingCertificate certificate)
    {
        // The previous certificate is not disposed: a handshake may still be using it.
        if (Current != certificate)
        {
            _served = certificate.ToServerCertificate();
            Current = certificate;
        }
        return certificate;
    }

    private async Task<V1Secret?> ReadAsync(CancellationToken cancellation)
    {
        try
        {
            return await connection.Client.CoreV1.ReadNamespacedSecretAsync(options.Value.SecretName, Namespace, cancellationToken: cancellation);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private Task WriteAsync(V1Secret? existing, ServingCertificate certificate, CancellationToken cancellation)
    {
        if (existing is null)
            return connection.Client.CoreV1.CreateNamespacedSecretAsync(new V1Secret
            {
                Metadata = new V1ObjectMeta
                {
                    Name = options.Value.SecretName,
                    NamespaceProperty = Namespace,
                    Labels = new Dictionary<string, string> { ["app.kubernetes.io/part-of"] = "mesh" },
                },
                Type = "Opaque",
                Data = certificate.ToSecretData(),
            }, Namespace, cancellationToken: cancellation);
        // Replaced at the version read: a concurrent writer makes this a conflict, not a lost update.
        existing.Data = certificate.ToSecretData();
        return connection.Client.CoreV1.ReplaceNamespacedSecretAsync(existing, options.Value.SecretName, Namespace, cancellationToken: cancellation);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Issued a webhook serving certificate into Secret {Namespace}/{Name}: {Why}")]
    private static partial void LogIssued(ILogger logger, string @namespace, string name, string why);
}
