namespace Mesh.Tests.Sources.GitHub;

/// <summary>One mesh (advertising https://mesh.example.com), one GitHub API double and one sink, shared by the GitHub tests.</summary>
public sealed class GitHubFixture : IAsyncLifetime
{
    public const string PublicBaseUrl = "https://mesh.example.com";
    public const string WebhookSecret = "It's a Secret to Everybody";

    public MeshHost Mesh { get; private set; } = null!;
    public GitHubApiDouble GitHub { get; private set; } = null!;
    public RecordingSubscriber Sink { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        GitHub = await GitHubApiDouble.StartAsync();
        Sink = await RecordingSubscriber.StartAsync();
        Mesh = await MeshHost.StartAsync(new Dictionary<string, string?>
        {
            ["Mesh:PublicBaseUrl"] = PublicBaseUrl,
            // The double stands in for GitHub, so the access token may go there.
            ["Mesh:Sources:GitHub:ApiUrls:0"] = GitHub.Url.ToString(),
        });
        await Mesh.MustApplyAsync($"""
            apiVersion: v1
            kind: Secret
            metadata: {"{"} name: github, namespace: gh {"}"}
            stringData:
              accessToken: {GitHubApiDouble.Token}
              secretToken: "{WebhookSecret}"
            """);
    }

    /// <summary>Applies a GitHubSource on <paramref name="repository"/> (made to exist on the double).</summary>
    public async Task<JsonObject> ApplySourceAsync(string name, string repository, string eventTypes, string? sink = null, string extra = "", string secretName = "github")
    {
        GitHub.Add(repository.Contains('/') ? $"repos/{repository}" : $"orgs/{repository}");
        return await Mesh.MustApplyAsync($$"""
            apiVersion: sources.knative.dev/v1alpha1
            kind: GitHubSource
            metadata: { name: {{name}}, namespace: gh }
            spec:
              ownerAndRepository: {{repository}}
              eventTypes: [{{eventTypes}}]
              accessToken: { secretKeyRef: { name: {{secretName}}, key: accessToken } }
              secretToken: { secretKeyRef: { name: {{secretName}}, key: secretToken } }
              githubAPIURL: "{{GitHub.Url}}"
              sink: { uri: "{{sink ?? Sink.Url.ToString()}}" }
            {{extra}}
            """);
    }

    public static string SourcePath(string name) => $"/apis/sources.knative.dev/v1alpha1/namespaces/gh/githubsources/{name}";

    public async Task DisposeAsync()
    {
        await Mesh.DisposeAsync();
        await Sink.DisposeAsync();
        await GitHub.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class GitHubCollection : ICollectionFixture<GitHubFixture>
{
    public const string Name = "GitHub sources";
}
