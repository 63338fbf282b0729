using Mesh.Operator.Kinds.GitHubSource;
using Mesh.Operator.Resources;
using Mesh.Tests.Sources.GitHub;

namespace Mesh.Tests.Kubernetes;

/// <summary>
/// A mesh in Kubernetes mode against a fake API server, with a GitHub API double: GitHubSources and
/// their Secrets are declared in the (fake) cluster only. Each test uses names of its own.
/// </summary>
public sealed class ClusterGitHubFixture : IAsyncLifetime
{
    /// <summary>The webhook secret the cluster's Secrets carry unless a test says otherwise.</summary>
    public const string WebhookSecret = "cluster-webhook-secret-7f3a";

    public FakeKubernetesApi Api { get; private set; } = null!;
    public GitHubApiDouble GitHub { get; private set; } = null!;
    public MeshHost Mesh { get; private set; } = null!;
    public CapturedLogs Logs { get; } = new();

    public async Task InitializeAsync()
    {
        Api = await FakeKubernetesApi.StartAsync();
        GitHub = await GitHubApiDouble.StartAsync();
        Mesh = await KubernetesMesh.StartAsync(Api, "solo", Logs.AddTo);
    }

    /// <summary>A Secret in the cluster holding the access token the double accepts, and a webhook secret.</summary>
    public JsonObject CreateTokens(string name, string secretToken = WebhookSecret) =>
        Api.CreateSecret(name, new Dictionary<string, string> { ["accessToken"] = GitHubApiDouble.Token, ["secretToken"] = secretToken });

    /// <summary>A GitHubSource in the cluster on <paramref name="repository"/>, made to exist on the double unless told otherwise.</summary>
    public JsonObject CreateSource(string name, string repository, string secretName, bool repositoryExists = true)
    {
        if (repositoryExists) GitHub.Add($"repos/{repository}");
        return Api.Create(GitHubSourceKind.Resource, $$"""
            apiVersion: sources.knative.dev/v1alpha1
            kind: GitHubSource
            metadata: { name: {{name}}, namespace: default }
            spec:
              ownerAndRepository: {{repository}}
              eventTypes: [push]
              accessToken: { secretKeyRef: { name: {{secretName}}, key: accessToken } }
              secretToken: { secretKeyRef: { name: {{secretName}}, key: secretToken } }
              githubAPIURL: "{{GitHub.Url}}"
              sink: { uri: "http://127.0.0.1:9/" }
            """);
    }

    public Task<JsonObject> WaitReadyAsync(string name, string status = "True") =>
        KubernetesMesh.WaitReadyAsync(Api, GitHubSourceKind.Resource, name, status);

    public static long HookIdOf(JsonObject source) => long.Parse((string)source["status"]!["webhookIDKey"]!);

    /// <summary>No log line of the mesh carries a token or webhook secret.</summary>
    public void ShouldNotHaveLoggedSecrets(params string[] more)
    {
        string[] values = [GitHubApiDouble.Token, WebhookSecret, .. more];
        Logs.Lines.ShouldNotContain(line => values.Any(line.Contains), "a secret value was logged");
    }

    public async Task DisposeAsync()
    {
        await Mesh.DisposeAsync();
        await GitHub.DisposeAsync();
        await Api.DisposeAsync();
    }
}
