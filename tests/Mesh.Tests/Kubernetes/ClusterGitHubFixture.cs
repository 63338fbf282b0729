using Mesh.Operator.Kinds.GitHubSource;
using Mesh.Operator.Resources;
using Mesh.Tests.Sources.GitHub;

namespace Mesh.Tests.Kubernetes;

/// <summary>
/// A mesh in Kubernetes mode against the real API server, with a GitHub API double: GitHubSources
/// and their Secrets are declared in the cluster only, in a namespace of the fixture's own. Each
/// test uses names of its own.
/// </summary>
public sealed class ClusterGitHubFixture(KubernetesApiServer server) : IAsyncLifetime
{
    /// <summary>The webhook secret the cluster's Secrets carry unless a test says otherwise.</summary>
    public const string WebhookSecret = "cluster-webhook-secret-7f3a";

    public KubernetesApiServer Server => server;
    public string Namespace { get; private set; } = "";
    public GitHubApiDouble GitHub { get; private set; } = null!;
    public MeshHost Mesh { get; private set; } = null!;
    public CapturedLogs Logs { get; } = new();

    public async Task InitializeAsync()
    {
        if (KubernetesBinaries.MissingReason is not null) return;
        Namespace = await server.Objects.CreateNamespaceAsync("gh");
        GitHub = await GitHubApiDouble.StartAsync();
        Mesh = await KubernetesMesh.StartAsync(server, Namespace, services: Logs.AddTo,
            overrides: new Dictionary<string, string?> { ["Mesh:Sources:GitHub:ApiUrls:0"] = GitHub.Url.ToString() });
    }

    /// <summary>A Secret in the cluster holding the access token the double accepts, and a webhook secret.</summary>
    public Task CreateTokensAsync(string name, string secretToken = WebhookSecret) =>
        server.Objects.CreateSecretAsync(Namespace, name, new Dictionary<string, string> { ["accessToken"] = GitHubApiDouble.Token, ["secretToken"] = secretToken });

    /// <summary>A GitHubSource in the cluster on <paramref name="repository"/>, made to exist on the double unless told otherwise.</summary>
    public Task<JsonObject> CreateSourceAsync(string name, string repository, string secretName, bool repositoryExists = true)
    {
        if (repositoryExists) GitHub.Add($"repos/{repository}");
        return server.Objects.CreateAsync(GitHubSourceKind.Resource, Namespace, $$"""
            apiVersion: sources.knative.dev/v1alpha1
            kind: GitHubSource
            metadata: { name: {{name}} }
            spec:
              ownerAndRepository: {{repository}}
              eventTypes: [push]
              accessToken: { secretKeyRef: { name: {{secretName}}, key: accessToken } }
              secretToken: { secretKeyRef: { name: {{secretName}}, key: secretToken } }
              githubAPIURL: "{{GitHub.Url}}"
              sink: { uri: "http://127.0.0.1:9/" }
            """);
    }

    public Task<JsonObject?> GetSourceAsync(string name) => server.Objects.GetAsync(GitHubSourceKind.Resource, Namespace, name);

    public Task<JsonObject> WaitReadyAsync(string name, string status = "True") =>
        server.Objects.WaitReadyAsync(GitHubSourceKind.Resource, Namespace, name, status);

    public static long HookIdOf(JsonObject source) => long.Parse((string)source["status"]!["webhookIDKey"]!);

    /// <summary>No log line of the mesh carries a token or webhook secret.</summary>
    public void ShouldNotHaveLoggedSecrets(params string[] more)
    {
        string[] values = [GitHubApiDouble.Token, WebhookSecret, .. more];
        Logs.Lines.ShouldNotContain(line => values.Any(line.Contains), "a secret value was logged");
    }

    public async Task DisposeAsync()
    {
        if (KubernetesBinaries.MissingReason is not null) return;
        await Mesh.DisposeAsync();
        await GitHub.DisposeAsync();
    }
}
