using System.Net;

namespace Mesh.Tests.Sources.GitHub;

[Collection(GitHubCollection.Name)]
public sealed class GitHubSourceWebhookTests(GitHubFixture fixture)
{
    private MeshHost Mesh => fixture.Mesh;
    private GitHubApiDouble GitHub => fixture.GitHub;

    [Fact]
    public async Task Apply_creates_a_repository_hook_pointing_at_the_receiver_with_the_secret_and_events()
    {
        await fixture.ApplySourceAsync("create", "octo/create", "push, issue_comment");
        var ready = await Mesh.WaitReadyAsync(GitHubFixture.SourcePath("create"));

        var id = long.Parse((string)ready["status"]!["webhookIDKey"]!);
        var hook = GitHub.HooksOf("repos/octo/create")[id];
        Assert.Equal($"{GitHubFixture.PublicBaseUrl}/sources/github/gh/create", (string?)hook["config"]!["url"]);
        Assert.Equal("json", (string?)hook["config"]!["content_type"]);
        Assert.Equal(GitHubFixture.WebhookSecret, (string?)hook["config"]!["secret"]);
        Assert.Equal(["push", "issue_comment"], hook["events"]!.AsArray().Select(e => (string)e!));
        Assert.True((bool)hook["active"]!);
        foreach (var condition in new[] { "SecretsProvided", "SinkProvided", "WebhookConfigured" })
            Assert.Contains(ready["status"]!["conditions"]!.AsArray(), c => (string?)c!["type"] == condition && (string?)c["status"] == "True");
        Assert.Equal("dev.knative.source.github.push", (string?)ready["status"]!["ceAttributes"]![0]!["type"]);
        Assert.Equal("https://github.com/octo/create", (string?)ready["status"]!["ceAttributes"]![0]!["source"]);
    }

    [Fact]
    public async Task Spec_change_edits_the_same_hook()
    {
        await fixture.ApplySourceAsync("edit", "octo/edit", "push");
        var id = (string)(await Mesh.WaitReadyAsync(GitHubFixture.SourcePath("edit")))["status"]!["webhookIDKey"]!;

        await fixture.ApplySourceAsync("edit", "octo/edit", "push, pull_request");

        await Eventually.TrueAsync(() => GitHub.HooksOf("repos/octo/edit").Values.Any(h => h["events"]!.AsArray().Count == 2), "the hook's events to be edited");
        Assert.Single(GitHub.HooksOf("repos/octo/edit"));
        Assert.Contains(GitHub.Calls, c => c.Method == "PATCH" && c.Path == $"/api/v3/repos/octo/edit/hooks/{id}");
        Assert.Equal(id, (string?)(await Mesh.GetAsync(GitHubFixture.SourcePath("edit")))!["status"]!["webhookIDKey"]);
    }

    [Fact]
    public async Task Deleting_the_source_deletes_its_hook()
    {
        await fixture.ApplySourceAsync("gone", "octo/gone", "push");
        var id = (string)(await Mesh.WaitReadyAsync(GitHubFixture.SourcePath("gone")))["status"]!["webhookIDKey"]!;

        var response = await Mesh.Http.DeleteAsync(GitHubFixture.SourcePath("gone"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(GitHub.HooksOf("repos/octo/gone"));
        Assert.Contains(GitHub.Calls, c => c.Method == "DELETE" && c.Path == $"/api/v3/repos/octo/gone/hooks/{id}");
    }

    [Fact]
    public async Task Organisation_source_creates_an_organisation_hook()
    {
        await fixture.ApplySourceAsync("org", "octo-org", "repository");
        var ready = await Mesh.WaitReadyAsync(GitHubFixture.SourcePath("org"));
        Assert.True(GitHub.HooksOf("orgs/octo-org").ContainsKey(long.Parse((string)ready["status"]!["webhookIDKey"]!)));
    }

    [Fact]
    public async Task Bad_token_sets_WebhookConfigured_False_with_GitHubs_message()
    {
        await Mesh.MustApplyAsync("""
            apiVersion: v1
            kind: Secret
            metadata: { name: bad-token, namespace: gh }
            stringData: { accessToken: ghp_wrong, secretToken: whatever }
            """);
        await fixture.ApplySourceAsync("badtoken", "octo/badtoken", "push", secretName: "bad-token");
        var failed = await Mesh.WaitReadyAsync(GitHubFixture.SourcePath("badtoken"), "False");

        var condition = failed["status"]!["conditions"]!.AsArray().Single(c => (string?)c!["type"] == "WebhookConfigured")!;
        Assert.Equal("False", (string?)condition["status"]);
        Assert.Equal("Unauthorized", (string?)condition["reason"]);
        Assert.Contains("Bad credentials", (string?)condition["message"]);
    }

    [Fact]
    public async Task Unknown_repository_sets_WebhookConfigured_False_with_NotFound()
    {
        await Mesh.MustApplyAsync($$"""
            apiVersion: sources.knative.dev/v1alpha1
            kind: GitHubSource
            metadata: { name: nowhere, namespace: gh }
            spec:
              ownerAndRepository: octo/does-not-exist
              eventTypes: [push]
              accessToken: { secretKeyRef: { name: github, key: accessToken } }
              secretToken: { secretKeyRef: { name: github, key: secretToken } }
              githubAPIURL: "{{GitHub.Url}}"
              sink: { uri: "{{fixture.Sink.Url}}" }
            """);
        var failed = await Mesh.WaitReadyAsync(GitHubFixture.SourcePath("nowhere"), "False");
        var condition = failed["status"]!["conditions"]!.AsArray().Single(c => (string?)c!["type"] == "WebhookConfigured")!;
        Assert.Equal("NotFound", (string?)condition["reason"]);
    }

    [Fact]
    public async Task Missing_secret_sets_SecretsProvided_False_until_the_secret_is_applied()
    {
        await fixture.ApplySourceAsync("latesecret", "octo/latesecret", "push", secretName: "late");
        var waiting = await Mesh.WaitReadyAsync(GitHubFixture.SourcePath("latesecret"), "False");
        var condition = waiting["status"]!["conditions"]!.AsArray().Single(c => (string?)c!["type"] == "SecretsProvided")!;
        Assert.Equal("SecretNotFound", (string?)condition["reason"]);

        await Mesh.MustApplyAsync($"""
            apiVersion: v1
            kind: Secret
            metadata: {"{"} name: late, namespace: gh {"}"}
            data:
              accessToken: {Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(GitHubApiDouble.Token))}
              secretToken: {Convert.ToBase64String("late secret"u8.ToArray())}
            """);

        await Mesh.WaitReadyAsync(GitHubFixture.SourcePath("latesecret"));
        Assert.Equal("late secret", (string?)GitHub.HooksOf("repos/octo/latesecret").Values.Single()["config"]!["secret"]);
    }

    [Fact]
    public async Task Secret_values_are_never_answered_by_get_list_or_apply()
    {
        var applied = await Mesh.MustApplyAsync("""
            apiVersion: v1
            kind: Secret
            metadata: { name: hidden, namespace: gh }
            data: { token: c2VjcmV0LXZhbHVl }
            stringData: { other: plain-secret-value }
            """);
        var got = await Mesh.GetAsync("/api/v1/namespaces/gh/secrets/hidden");
        var list = await Mesh.Http.GetStringAsync("/api/v1/namespaces/gh/secrets");

        foreach (var answer in new[] { applied.ToJsonString(), got!.ToJsonString(), list })
        {
            Assert.DoesNotContain("c2VjcmV0LXZhbHVl", answer);
            Assert.DoesNotContain("plain-secret-value", answer);
            Assert.DoesNotContain(Convert.ToBase64String("plain-secret-value"u8.ToArray()), answer);
        }
        Assert.Equal("", (string?)got["data"]!["token"]);
        Assert.Equal("", (string?)got["data"]!["other"]);
        Assert.Equal("data", (string?)got["metadata"]!["annotations"]!["mesh.dev/redacted"]);
    }

    [Fact]
    public async Task Secret_with_invalid_base64_is_refused_naming_the_key()
    {
        var response = await Mesh.ApplyAsync("""
            apiVersion: v1
            kind: Secret
            metadata: { name: broken, namespace: gh }
            data: { token: "not base64!" }
            """);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("data.token", body);
        Assert.DoesNotContain("not base64!", body);
    }

    [Fact]
    public async Task Invalid_GitHubSource_is_refused_with_field_paths()
    {
        var response = await Mesh.ApplyAsync("""
            apiVersion: sources.knative.dev/v1alpha1
            kind: GitHubSource
            metadata: { name: invalid, namespace: gh }
            spec:
              ownerAndRepository: "a/b/c"
              eventTypes: []
              githubAPIURL: "not a url"
            """);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        foreach (var field in new[] { "spec.ownerAndRepository", "spec.eventTypes", "spec.accessToken.secretKeyRef", "spec.secretToken.secretKeyRef", "spec.githubAPIURL", "spec.sink" })
            Assert.Contains(field, body);
    }
}
