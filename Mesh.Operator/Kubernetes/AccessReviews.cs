using k8s;
using k8s.Models;
using Mesh.Operator.Resources;

namespace Mesh.Operator.Kubernetes;

/// <summary>
/// Asks the API server what a user may do (SubjectAccessReview, as Knative's ApiServerSource
/// reconciler does for its ServiceAccount) and what the mesh itself may do (SelfSubjectAccessReview).
/// </summary>
public sealed class AccessReviews(KubernetesConnection connection)
{
    /// <returns>The verbs of <paramref name="verbs"/> that <paramref name="user"/> (a ServiceAccount) may not use on <paramref name="kind"/> in <paramref name="namespace"/>.</returns>
    /// <exception cref="HttpRequestException">The API server could not be asked.</exception>
    public async Task<IReadOnlyList<string>> MissingAsync(string user, ResourceKind kind, string @namespace, IEnumerable<string> verbs, CancellationToken cancellation)
    {
        // A ServiceAccount's token carries these groups; RBAC bound to them counts for it too.
        var accountNamespace = user.Split(':') is [_, _, var ns, _] ? ns : @namespace;
        var missing = new List<string>();
        foreach (var verb in verbs)
        {
            var review = await Call(() => connection.Client.AuthorizationV1.CreateSubjectAccessReviewAsync(new V1SubjectAccessReview
            {
                Spec = new V1SubjectAccessReviewSpec
                {
                    User = user,
                    Groups = ["system:serviceaccounts", $"system:serviceaccounts:{accountNamespace}", "system:authenticated"],
                    ResourceAttributes = Attributes(kind, @namespace, verb),
                },
            }, cancellationToken: cancellation));
            if (review.Status?.Allowed != true) missing.Add(verb);
        }
        return missing;
    }

    /// <returns>The verbs of <paramref name="verbs"/> the mesh's own credentials may not use on <paramref name="kind"/> in <paramref name="namespace"/>.</returns>
    public async Task<IReadOnlyList<string>> MissingForSelfAsync(ResourceKind kind, string @namespace, IEnumerable<string> verbs, CancellationToken cancellation)
    {
        var missing = new List<string>();
        foreach (var verb in verbs)
        {
            var review = await Call(() => connection.Client.AuthorizationV1.CreateSelfSubjectAccessReviewAsync(new V1SelfSubjectAccessReview
            {
                Spec = new V1SelfSubjectAccessReviewSpec { ResourceAttributes = Attributes(kind, @namespace, verb) },
            }, cancellationToken: cancellation));
            if (review.Status?.Allowed != true) missing.Add(verb);
        }
        return missing;
    }

    private static V1ResourceAttributes Attributes(ResourceKind kind, string @namespace, string verb) =>
        new() { Group = kind.Group, Resource = kind.Plural, NamespaceProperty = @namespace, Verb = verb };

    // The generated client throws its own exception for an HTTP failure; callers handle one kind.
    private static async Task<T> Call<T>(Func<Task<T>> request)
    {
        try
        {
            return await request();
        }
        catch (k8s.Autorest.HttpOperationException e)
        {
            throw new HttpRequestException($"access review refused: {e.Response.StatusCode} {e.Response.Content}", e, e.Response.StatusCode);
        }
    }
}
