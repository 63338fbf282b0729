using System.Net;
using k8s;
using k8s.Autorest;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mesh.Operator.Kubernetes.Webhooks;

/// <summary>
/// Keeps the <c>caBundle</c> of the two webhook configurations the mesh is named to own equal to
/// its CA, as Knative's webhook does, so that the API server trusts the serving certificate. A
/// configuration that does not exist is left to whoever installs it; the next pass fills it.
/// </summary>
public sealed partial class WebhookConfigurations(KubernetesConnection connection, IOptions<WebhookOptions> options, ILogger<WebhookConfigurations> logger)
{
    /// <returns>Whether both configurations exist (and now carry the CA).</returns>
    public async Task<bool> ReconcileAsync(byte[] caBundle, CancellationToken cancellation)
    {
        var api = connection.Client.AdmissionregistrationV1;
        var o = options.Value;
        var mutating = await OrNull(() => api.ReadMutatingWebhookConfigurationAsync(o.MutatingConfiguration, cancellationToken: cancellation));
        if (mutating?.Webhooks is { } mutatingHooks && Stale(mutatingHooks.Select(h => h.ClientConfig)))
        {
            foreach (var hook in mutatingHooks) hook.ClientConfig.CaBundle = caBundle;
            await OrNull(() => api.ReplaceMutatingWebhookConfigurationAsync(mutating, o.MutatingConfiguration, cancellationToken: cancellation));
            LogUpdated(logger, "MutatingWebhookConfiguration", o.MutatingConfiguration);
        }
        var validating = await OrNull(() => api.ReadValidatingWebhookConfigurationAsync(o.ValidatingConfiguration, cancellationToken: cancellation));
        if (validating?.Webhooks is { } validatingHooks && Stale(validatingHooks.Select(h => h.ClientConfig)))
        {
            foreach (var hook in validatingHooks) hook.ClientConfig.CaBundle = caBundle;
            await OrNull(() => api.ReplaceValidatingWebhookConfigurationAsync(validating, o.ValidatingConfiguration, cancellationToken: cancellation));
            LogUpdated(logger, "ValidatingWebhookConfiguration", o.ValidatingConfiguration);
        }
        return mutating is not null && validating is not null;

        bool Stale(IEnumerable<k8s.Models.Admissionregistrationv1WebhookClientConfig> configs) =>
            configs.Any(c => c.CaBundle is null || !c.CaBundle.AsSpan().SequenceEqual(caBundle));
    }

    // Missing (not installed yet) or changed meanwhile (a conflict): the next pass sees it again.
    private static async Task<T?> OrNull<T>(Func<Task<T>> call) where T : class
    {
        try
        {
            return await call();
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict)
        {
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Wrote the webhook CA into the caBundle of {Kind} {Name}")]
    private static partial void LogUpdated(ILogger logger, string kind, string name);
}
