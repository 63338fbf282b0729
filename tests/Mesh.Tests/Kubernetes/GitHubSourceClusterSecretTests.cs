using Mesh.Operator.Resources;

namespace Mesh.Tests.Kubernetes;

/// <summary>In Kubernetes mode a GitHubSource's secretKeyRefs name the cluster's v1 Secrets, not the mesh's own.</summary>
public sealed class GitHubSourceClusterSecretTests(ClusterGitHubFixture fixture) : IClassFixture<ClusterGitHubFixture>
{
    [Fact]
    public async Task A_source_takes_its_tokens_from_the_cluster_Secret_and_registers_its_hook_with_them()
    {
        fixture.CreateTokens("tokens-a");
        fixture.CreateSource("from-cluster", "octo/from-cluster", "tokens-a");

        var ready = await fixture.WaitReadyAsync("from-cluster");

        var hook = fixture.GitHub.HooksOf("repos/octo/from-cluster")[ClusterGitHubFixture.HookIdOf(ready)];
        ((string?)hook["config"]!["secret"]).ShouldBe(ClusterGitHubFixture.WebhookSecret);
        fixture.Api.Gets(FakeKubernetesSecrets.Plural).ShouldBeGreaterThan(0);
        (await KubernetesMesh.StoredAsync(fixture.Mesh, KnativeKinds.Secret, "tokens-a")).ShouldBeNull("the Secret is read from the cluster, not copied into the mesh");
        fixture.ShouldNotHaveLoggedSecrets();
    }

    [Fact]
    public async Task A_source_whose_Secret_is_missing_is_not_Ready_and_the_reason_names_the_Secret()
    {
        fixture.CreateSource("no-secret", "octo/no-secret", "absent-tokens");

        var waiting = await fixture.WaitReadyAsync("no-secret", "False");

        var condition = waiting["status"]!["conditions"]!.AsArray().Single(c => (string?)c!["type"] == "SecretsProvided")!;
        ((string?)condition["status"]).ShouldBe("False");
        ((string?)condition["reason"]).ShouldBe("SecretNotFound");
        ((string?)condition["message"] ?? "").ShouldContain("default/absent-tokens");
        fixture.GitHub.Calls.ShouldNotContain(c => c.Path.Contains("octo/no-secret"));
    }

    [Fact]
    public async Task A_Secret_created_later_makes_the_waiting_source_Ready_by_itself()
    {
        fixture.CreateSource("later", "octo/later", "late-tokens");
        await fixture.WaitReadyAsync("later", "False");

        fixture.CreateTokens("late-tokens");

        var ready = await fixture.WaitReadyAsync("later");
        fixture.GitHub.HooksOf("repos/octo/later").ShouldContainKey(ClusterGitHubFixture.HookIdOf(ready));
    }

    [Fact]
    public async Task A_changed_Secret_puts_the_new_webhook_secret_on_the_same_hook()
    {
        fixture.CreateTokens("rotating");
        fixture.CreateSource("rotated", "octo/rotated", "rotating");
        var id = ClusterGitHubFixture.HookIdOf(await fixture.WaitReadyAsync("rotated"));

        fixture.Api.ReplaceSecret("rotating", new Dictionary<string, string> { ["accessToken"] = Sources.GitHub.GitHubApiDouble.Token, ["secretToken"] = "rotated-secret-91c2" });

        await Eventually.TrueAsync(() => (string?)fixture.GitHub.HooksOf("repos/octo/rotated")[id]["config"]!["secret"] == "rotated-secret-91c2",
            "the hook to carry the rotated webhook secret");
        fixture.GitHub.HooksOf("repos/octo/rotated").Count.ShouldBe(1);
        fixture.ShouldNotHaveLoggedSecrets("rotated-secret-91c2");
    }

    [Fact]
    public async Task A_source_that_failed_on_GitHub_is_written_Ready_to_the_cluster_when_its_retry_succeeds()
    {
        fixture.CreateTokens("retry-tokens");
        fixture.CreateSource("retried", "octo/retried", "retry-tokens", repositoryExists: false);
        var failed = await fixture.WaitReadyAsync("retried", "False");
        failed["status"]!["conditions"]!.AsArray().ShouldContain(c => (string?)c!["type"] == "WebhookConfigured" && (string?)c["reason"] == "NotFound");

        fixture.GitHub.Add("repos/octo/retried");

        // No watch event follows the retry: only the requeue's own write-back can bring this.
        await fixture.WaitReadyAsync("retried");
    }
}
