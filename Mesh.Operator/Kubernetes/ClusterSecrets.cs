using System.Net;
using k8s;
using k8s.Autorest;
using Mesh.Operator.Kinds.Secret;

namespace Mesh.Operator.Kubernetes;

/// <summary>
/// Kubernetes mode's <see cref="ISecretSource"/>: the cluster's <c>v1 Secret</c>s, read through the
/// API at each lookup (never copied into the mesh's store), with the namespace's Secrets watched
/// from then on so that a later change re-reconciles the source.
/// </summary>
public sealed class ClusterSecrets(KubernetesConnection connection, SecretWatches watches) : ISecretSource
{
    public async Task<SecretData?> GetAsync(string @namespace, string name, CancellationToken cancellation)
    {
        // Watched before the read: a Secret created between the two shows up in the watch's first list.
        watches.Watch(@namespace);
        try
        {
            var secret = await connection.Client.CoreV1.ReadNamespacedSecretAsync(name, @namespace, cancellationToken: cancellation);
            var data = secret.Data?.ToDictionary(e => e.Key, e => e.Value ?? []) ?? [];
            return new SecretData(data, secret.Metadata?.ResourceVersion ?? "");
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (HttpOperationException e)
        {
            // The status code only: an error body is the API server's Status, but nothing more is needed.
            throw new SecretUnavailableException($"Secret {@namespace}/{name} could not be read: the Kubernetes API answered {(int)e.Response.StatusCode} {e.Response.StatusCode}", e);
        }
        catch (HttpRequestException e)
        {
            throw new SecretUnavailableException($"Secret {@namespace}/{name} could not be read: the Kubernetes API is unreachable ({e.Message})", e);
        }
    }
}
