using System.Net;
using Microsoft.Extensions.Options;

namespace Mesh.Operator.Kubernetes.Webhooks;

public sealed class WebhookOptionsValidator : IValidateOptions<WebhookOptions>
{
    public ValidateOptionsResult Validate(string? name, WebhookOptions options)
    {
        var failures = new List<string>();
        if (options.Port is < 1 or > 65535)
            failures.Add($"Mesh:Kubernetes:Webhook:Port must be a port number from 1 to 65535 (was {options.Port}).");
        if (!IPAddress.TryParse(options.ListenAddress, out _))
            failures.Add($"Mesh:Kubernetes:Webhook:ListenAddress must be an IP address, such as 127.0.0.1 or 0.0.0.0 (was '{options.ListenAddress}').");
        if (Uri.CheckHostName(options.ServiceName) != UriHostNameType.Dns || options.ServiceName.Contains('.'))
            failures.Add($"Mesh:Kubernetes:Webhook:ServiceName must be a Service name, a DNS label (was '{options.ServiceName}').");
        foreach (var extra in (options.ExtraNames ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            if (!IPAddress.TryParse(extra, out _) && Uri.CheckHostName(extra) != UriHostNameType.Dns)
                failures.Add($"Mesh:Kubernetes:Webhook:ExtraNames has '{extra}', which is neither a DNS name nor an IP address.");
        foreach (var (key, value) in new[] { ("SecretName", options.SecretName), ("MutatingConfiguration", options.MutatingConfiguration), ("ValidatingConfiguration", options.ValidatingConfiguration) })
            if (string.IsNullOrWhiteSpace(value))
                failures.Add($"Mesh:Kubernetes:Webhook:{key} must not be empty.");
        if (options.ResyncPeriod <= TimeSpan.Zero)
            failures.Add($"Mesh:Kubernetes:Webhook:ResyncPeriod must be positive (was {options.ResyncPeriod}).");
        if (options.RenewBefore <= TimeSpan.Zero || options.RenewBefore >= options.CertificateValidity)
            failures.Add($"Mesh:Kubernetes:Webhook:RenewBefore must be positive and shorter than Mesh:Kubernetes:Webhook:CertificateValidity (were {options.RenewBefore} and {options.CertificateValidity}).");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
