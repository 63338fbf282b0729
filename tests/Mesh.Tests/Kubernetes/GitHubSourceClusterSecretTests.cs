using Mesh.Operator.Resources;
using Mesh.Tests.Sources.GitHub;
using Mesh.Operator.Kinds.Secret;

namespace Mesh.Tests.Kubernetes;

/// <summary>In Kubernetes mode a GitHubSource's secretKeyRefs name the cluster's v1 Secrets, not the mesh's own.</summary>
[Collection(KubernetesCollection.Name)]
[Trait("Category", "Slow")]
public sealed class GitHubSourceClusterSecretTests(ClusterGitHubFixture fixture) : IClassFixture<ClusterGitHubFixture>
{
    [KubernetesFact]
    public async Task A_source_takes_its_tokens_from_the_cluster_Secret_and_registers_its_hook_with_them()
    {
        await fixture.CreateTokensAsync("tokens-a");
        await fixture.CreateSourceAsync("from-cluster", "octo/from-cluster", "tokens-a");

        var ready = await fixture.WaitReadyAsync("from-cluster");

        var hook = fixture.GitHub.HooksOf("repos/octo/from-cluster")[ClusterGitHubFixture.HookIdOf(ready)];
        ((string?)hook["config"]!["secret"]).ShouldBe(ClusterGitHubFixture.WebhookSecret);
        (await KubernetesMesh.StoredAsync(fixture.Mesh, SecretKind.Resource, fixture.Namespace, "tokens-a"))
            .ShouldBeNull("the Secret is read from the cluster, not copied into the mesh");
        fixture.ShouldNotHaveLoggedSecrets();
    }

    [KubernetesFact]
    public async Task A_source_whose_Secret_is_missing_is_not_Ready_and_the_reason_names_the_Secret()
    {
        await fixture.CreateSourceAsync("no-secret", "octo/no-secret", "absent-tokens");

        var waiting = await fixture.WaitReadyAsync("no-secret", "False");

        var condition = waiting["status"]!["conditions"]!.AsArray().Single(c => (string?)c!["type"] == "SecretsProvided")!;
        ((string?)condition["status"]).ShouldBe("False");
        ((string?)condition["reason"]).ShouldBe("SecretNotFound");
        ((string?)condition["message"] ?? "").ShouldContain($"{fixture.Namespace}/absent-tokens");
        fixture.GitHub.Calls.ShouldNotContain(c => c.Path.Contains("octo/no-secret"));
    }

    [KubernetesFact]
    public async Task A_Secret_created_later_makes_the_waiting_source_Ready_by_itself()
    {
        await fixture.CreateSourceAsync("later", "octo/later", "late-tokens");
        await fixture.WaitReadyAsync("later", "False");

        await fixture.CreateTokensAsync("late-tokens");

        var ready = await fixture.WaitReadyAsync("later");
        fixture.GitHub.HooksOf("repos/octo/later").ShouldContainKey(ClusterGitHubFixture.HookIdOf(ready));
    }

    [KubernetesFact]
    public async Task A_changed_Secret_puts_the_new_webhook_secret_on_the_same_hook()
    {
        await fixture.CreateTokensAsync("rotating");
        await fixture.CreateSourceAsync("rotated", "octo/rotated", "rotating");
        var id = ClusterGitHubFixture.HookIdOf(await fixture.WaitReadyAsync("rotated"));

        await fixture.Server.Objects.ReplaceSecretAsync(fixture.Namespace, "rotating",
            new Dictionary<string, string> { ["accessToken"] = GitHubApiDouble.Token, ["secretToken"] = "rotated-secret-91c2" });

        await Eventually.TrueAsync(() => (string?)fixture.GitHub.HooksOf("repos/octo/rotated")[id]["config"]!["secret"] == "rotated-secret-91c2",
            "the hook to carry the rotated webhook secret");
        fixture.GitHub.HooksOf("repos/octo/rotated").Count.ShouldBe(1);
        fixture.ShouldNotHaveLoggedSecrets("rotated-secret-91c2");
    }

    [KubernetesFact]
    public async Task A_source_that_failed_on_GitHub_is_written_Ready_to_the_cluster_when_its_retry_succeeds()
    {
        await fixture.CreateTokensAsync("retry-tokens");
        await fixture.CreateSourceAsync("retried", "octo/retried", "retry-tokens", repositoryExists: false);
        var failed = await fixture.WaitReadyAsync("retried", "False");
        failed["status"]!["conditions"]!.AsArray().ShouldContain(c => (string?)c!["type"] == "WebhookConfigured" && (string?)c["reason"] == "NotFound");

        fixture.GitHub.Add("repos/octo/retried");

        // No watch event follows the retry: only the requeue's own write-back can bring this.
        await fixture.WaitReadyAsync("retried");
    }
}
