using Mesh.Operator.Kinds.GitHubSource;
using Mesh.Operator.Kubernetes;
using Mesh.Operator.Resources;

namespace Mesh.Tests.Kubernetes;

/// <summary>Deleting a GitHubSource in the cluster deletes its hook on GitHub before Kubernetes lets the object go.</summary>
[Collection(KubernetesCollection.Name)]
[Trait("Category", "Slow")]
public sealed class GitHubSourceFinalizerTests(ClusterGitHubFixture fixture) : IClassFixture<ClusterGitHubFixture>
{
    private static readonly string Finalizer = Finalizers.NameFor(GitHubSourceKind.Resource);

    [KubernetesFact]
    public async Task Deleting_the_source_deletes_its_hook_on_GitHub_and_then_releases_the_finalizer()
    {
        await fixture.CreateTokensAsync("fin-tokens");
        await fixture.CreateSourceAsync("fin", "octo/fin", "fin-tokens");
        var ready = await fixture.WaitReadyAsync("fin");
        var id = ClusterGitHubFixture.HookIdOf(ready);
        Finalizers.Has(ready, Finalizer).ShouldBeTrue();

        var marked = await fixture.Server.Objects.DeleteAsync(GitHubSourceKind.Resource, fixture.Namespace, "fin");
        marked["metadata"]!["deletionTimestamp"].ShouldNotBeNull("the finalizer holds the object until the mesh lets go");

        await Eventually.TrueAsync(async () => await fixture.GetSourceAsync("fin") is null, "the source to be gone from the cluster");
        fixture.GitHub.Calls.ShouldContain(c => c.Method == "DELETE" && c.Path == $"/api/v3/repos/octo/fin/hooks/{id}");
        fixture.GitHub.HooksOf("repos/octo/fin").ShouldBeEmpty();
        (await KubernetesMesh.StoredAsync(fixture.Mesh, GitHubSourceKind.Resource, fixture.Namespace, "fin")).ShouldBeNull();
        fixture.ShouldNotHaveLoggedSecrets();
    }

    [KubernetesFact]
    public async Task A_hook_already_deleted_on_GitHub_still_lets_the_source_go()
    {
        await fixture.CreateTokensAsync("gone-tokens");
        await fixture.CreateSourceAsync("hook-gone", "octo/hook-gone", "gone-tokens");
        var id = ClusterGitHubFixture.HookIdOf(await fixture.WaitReadyAsync("hook-gone"));
        fixture.GitHub.RemoveHook("repos/octo/hook-gone", id).ShouldBeTrue();

        await fixture.Server.Objects.DeleteAsync(GitHubSourceKind.Resource, fixture.Namespace, "hook-gone");

        await Eventually.TrueAsync(async () => await fixture.GetSourceAsync("hook-gone") is null, "the source to be gone from the cluster despite GitHub's 404");
        fixture.GitHub.Calls.ShouldContain(c => c.Method == "DELETE" && c.Path == $"/api/v3/repos/octo/hook-gone/hooks/{id}");
    }
}
