using Mesh.Operator.Resources;

namespace Mesh.Operator.Kinds.GitHubSource;

/// <summary>GitHubSource (<c>sources.knative.dev/v1alpha1</c>): its hook lives on GitHub, so where it lives never changes and deleting it needs a finalizer.</summary>
public sealed class GitHubSourceKind(GitHubSourceReconciler reconciler, TimeProvider time) : KindDefinition<GitHubSourceDeclaration>(reconciler, time)
{
    public static ResourceKind Resource { get; } = new("sources.knative.dev", "v1alpha1", "GitHubSource", "githubsources", [], ["all", "knative", "sources"]);

    public override ResourceKind Kind => Resource;

    public override bool HasExternalEffects => true;

    protected override void CheckImmutable(Declared<GitHubSourceDeclaration> previous, Declared<GitHubSourceDeclaration> next, FieldErrors errors)
    {
        if (previous.Spec.OwnerAndRepository != next.Spec.OwnerAndRepository)
            errors.Add("spec.ownerAndRepository", "ownerAndRepository is immutable (the hook lives there); delete and re-create the source to move it");
        if (previous.Spec.GitHubApiUrl != next.Spec.GitHubApiUrl)
            errors.Add("spec.githubAPIURL", "githubAPIURL is immutable (the hook lives there); delete and re-create the source to move it");
    }
}
