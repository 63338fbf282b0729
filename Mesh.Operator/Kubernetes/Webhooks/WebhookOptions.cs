namespace Mesh.Operator.Kubernetes.Webhooks;

/// <summary>The admission webhooks the mesh serves in Kubernetes mode, bound from <c>Mesh:Kubernetes:Webhook</c>.</summary>
public sealed class WebhookOptions
{
    public const string Section = "Mesh:Kubernetes:Webhook";

    /// <summary>Whether Kubernetes mode serves the defaulting and validating webhooks. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The HTTPS port of the webhooks, apart from every other listener. Default 8443.</summary>
    public int Port { get; set; } = 8443;

    /// <summary>
    /// The address the webhook port listens on. Default <c>127.0.0.1</c>: nothing beyond loopback
    /// unless set; in a pod the API server reaches it through the Service, so the install sets <c>0.0.0.0</c>.
    /// </summary>
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>The Service in front of the webhook port, whose DNS names the certificate carries. Default <c>mesh-webhook</c>.</summary>
    public string ServiceName { get; set; } = "mesh-webhook";

    /// <summary>The namespace of that Service and of <see cref="SecretName"/>. Default: <c>Mesh:Kubernetes:LeaseNamespace</c>.</summary>
    public string? Namespace { get; set; }

    /// <summary>The Secret holding the serving certificate, shared by every instance and kept across restarts. Default <c>mesh-webhook-certs</c>.</summary>
    public string SecretName { get; set; } = "mesh-webhook-certs";

    /// <summary>More names (DNS names or IP addresses), comma-separated, for the certificate besides the Service's. Default: none.</summary>
    public string? ExtraNames { get; set; }

    /// <summary>The MutatingWebhookConfiguration whose <c>caBundle</c> the leader keeps current. Default <c>defaulting.webhook.mesh.dev</c>.</summary>
    public string MutatingConfiguration { get; set; } = "defaulting.webhook.mesh.dev";

    /// <summary>The ValidatingWebhookConfiguration whose <c>caBundle</c> the leader keeps current. Default <c>validation.webhook.mesh.dev</c>.</summary>
    public string ValidatingConfiguration { get; set; } = "validation.webhook.mesh.dev";

    /// <summary>How often the certificate Secret is re-read and the configurations' <c>caBundle</c> checked. Default 1 minute.</summary>
    public TimeSpan ResyncPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a generated certificate is valid. Default 365 days.</summary>
    public TimeSpan CertificateValidity { get; set; } = TimeSpan.FromDays(365);

    /// <summary>How long before it expires a certificate is replaced by a new one. Default 30 days.</summary>
    public TimeSpan RenewBefore { get; set; } = TimeSpan.FromDays(30);

    /// <summary>The DNS names and IP addresses the serving certificate must carry.</summary>
    public IReadOnlyList<string> CertificateNames(string @namespace) =>
    [
        ServiceName, $"{ServiceName}.{@namespace}", $"{ServiceName}.{@namespace}.svc", $"{ServiceName}.{@namespace}.svc.cluster.local",
        .. (ExtraNames ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
    ];
}
