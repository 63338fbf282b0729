namespace Mesh.Tests.Sources.GitHub;

/// <summary>The access token goes only to an API server listed in Mesh:Sources:GitHub:ApiUrls.</summary>
[Collection(GitHubCollection.Name)]
public sealed class GitHubApiUrlTests(GitHubFixture fixture)
{
    [Fact]
    public async Task A_githubAPIURL_outside_the_allowed_list_never_receives_the_token_and_the_source_says_why()
    {
        // The double itself, under a name the allowed list does not have: were the token sent, the double would see it.
        var elsewhere = $"http://localhost:{fixture.GitHub.Url.Port}/";
        fixture.GitHub.Add("repos/octo/stolen");
        await fixture.Mesh.MustApplyAsync($$"""
            apiVersion: sources.knative.dev/v1alpha1
            kind: GitHubSource
            metadata: { name: stolen, namespace: gh }
            spec:
              ownerAndRepository: octo/stolen
              eventTypes: [push]
              accessToken: { secretKeyRef: { name: github, key: accessToken } }
              secretToken: { secretKeyRef: { name: github, key: secretToken } }
              githubAPIURL: "{{elsewhere}}"
              sink: { uri: "{{fixture.Sink.Url}}" }
            """);

        var refused = await fixture.Mesh.WaitReadyAsync(GitHubFixture.SourcePath("stolen"), "False");
        var condition = refused["status"]!["conditions"]!.AsArray().Single(c => (string?)c!["type"] == "WebhookConfigured")!;
        ((string?)condition["status"]).ShouldBe("False");
        ((string?)condition["reason"]).ShouldBe("GitHubAPIURLNotAllowed");
        ((string)condition["message"]!).ShouldContain("Mesh:Sources:GitHub:ApiUrls");
        ((string)condition["message"]!).ShouldContain(elsewhere);
        fixture.GitHub.Calls.ShouldNotContain(c => c.Path.Contains("octo/stolen"));

    }

    [Fact]
    public void The_allowed_list_defaults_to_api_github_com_and_compares_scheme_host_and_port()
    {
        var defaults = new Mesh.Operator.Kinds.GitHubSource.GitHubApiOptions();
        defaults.Allows(new Uri("https://api.github.com")).ShouldBeTrue();
        defaults.Allows(new Uri("https://API.github.com/")).ShouldBeTrue();
        defaults.Allows(new Uri("http://api.github.com/")).ShouldBeFalse();
        defaults.Allows(new Uri("https://api.github.com:8443/")).ShouldBeFalse();
        defaults.Allows(new Uri("https://attacker.example/")).ShouldBeFalse();
        var enterprise = new Mesh.Operator.Kinds.GitHubSource.GitHubApiOptions { ApiUrls = ["https://github.corp.example/api/v3/"] };
        enterprise.Allows(new Uri("https://github.corp.example/")).ShouldBeTrue();
        enterprise.Allows(new Uri("https://api.github.com/")).ShouldBeFalse();
    }
}
