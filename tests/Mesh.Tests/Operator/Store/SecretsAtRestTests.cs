using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Mesh.Grains.Secrets;
using Mesh.Grains.Sources.GitHub;
using Mesh.Operator.Kinds.Secret;
using Mesh.Operator.Store;
using Mesh.Tests.Sources.GitHub;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Mesh.Tests.Operator.Store;

/// <summary>
/// Secret values are encrypted before they are stored (a Secret's data, a GitHubSource's webhook
/// secret), read back after a restart, never logged nor shown by the dashboard, and values an
/// earlier version stored in the clear are rewritten encrypted when first read.
/// </summary>
public sealed class SecretsAtRestTests : IAsyncLifetime
{
    private readonly string _webhookSecret = "webhook-" + Guid.NewGuid().ToString("N");
    private readonly CapturedLogs _logs = new();
    private GitHubApiDouble _github = null!;
    private RecordingSubscriber _sink = null!;
    private MeshHost _mesh = null!;

    public async Task InitializeAsync()
    {
        _github = await GitHubApiDouble.StartAsync();
        _sink = await RecordingSubscriber.StartAsync();
        _mesh = await MeshHost.StartAsync(new Dictionary<string, string?>
        {
            ["Mesh:Sources:GitHub:ApiUrls:0"] = _github.Url.ToString(),
            ["Mesh:Dashboard"] = "true",
        }, services: _logs.AddTo);
    }

    [Fact]
    public async Task Stored_bytes_never_hold_a_secret_value_and_a_restart_still_reads_it()
    {
        await ApplySecretAndSourceAsync("kept", "kept");

        foreach (var file in StoredBytes.StateFiles(_mesh.DataDirectory))
        {
            var bytes = StoredBytes.Read(file);
            StoredBytes.FindIn(bytes, _webhookSecret).ShouldBeNull($"{file} holds the webhook secret");
            StoredBytes.FindIn(bytes, GitHubApiDouble.Token).ShouldBeNull($"{file} holds the access token");
        }

        await _mesh.RestartAsync();
        await _mesh.WaitReadyAsync(SourcePath("kept"));
        var stored = await _mesh.Services.GetRequiredService<StoredSecrets>().GetAsync("secrets-at-rest", "kept", CancellationToken.None);
        Encoding.UTF8.GetString(stored!.Data["secretToken"]).ShouldBe(_webhookSecret);
        (await PostWebhookAsync("kept", _webhookSecret)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await PostWebhookAsync("kept", "a guess")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        _logs.Lines.ShouldNotContain(line => line.Contains(_webhookSecret) || line.Contains(GitHubApiDouble.Token), "a secret value was logged");
    }

    // The dashboard's grain-state page calls a grain's parameterless methods that return its state
    // type (or are named GetState); no mesh grain has one, and the state is encrypted besides.
    [Fact]
    public async Task The_dashboard_grain_state_page_shows_no_secret_value()
    {
        await ApplySecretAndSourceAsync("shown", "shown");
        foreach (var (type, key) in new[] { ("Mesh.Operator.Store.DeclarationGrain", "/secrets/secrets-at-rest/shown"), ("Mesh.Grains.Sources.GitHub.GitHubSourceGrain", "secrets-at-rest/shown") })
        {
            var response = await _mesh.Http.GetAsync($"/dashboard/GrainState?grainId={Uri.EscapeDataString(key)}&grainType={Uri.EscapeDataString(type)}");
            var body = await response.Content.ReadAsStringAsync();
            response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
            StoredBytes.FindIn(Encoding.UTF8.GetBytes(body), _webhookSecret).ShouldBeNull(body);
        }
    }

    [Fact]
    public async Task Secrets_stored_in_the_clear_by_an_earlier_version_still_load_and_are_rewritten_encrypted()
    {
        var storage = _mesh.Services.GetRequiredKeyedService<IGrainStorage>("mesh");
        var secretId = GrainId.Create("mesh.declaration", "/secrets/secrets-at-rest/legacy");
        var legacy = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Secret",
            ["metadata"] = new JsonObject { ["name"] = "legacy", ["namespace"] = "secrets-at-rest", ["uid"] = Guid.NewGuid().ToString(), ["generation"] = 1 },
            ["spec"] = new JsonObject
            {
                ["data"] = new JsonObject
                {
                    ["accessToken"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(GitHubApiDouble.Token)),
                    ["secretToken"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(_webhookSecret)),
                },
            },
        };
        await storage.WriteStateAsync("declaration", secretId,
            new GrainState<DeclarationState>(new DeclarationState { Record = new DeclarationRecord(legacy.ToJsonString(), "{}") }));

        await ApplySourceAsync("from-legacy", "legacy");
        await _mesh.WaitReadyAsync(SourcePath("from-legacy"));
        var hook = _github.HooksOf("repos/octo/from-legacy").Values.Single();
        ((string?)hook["config"]!["secret"]).ShouldBe(_webhookSecret);

        var reread = new GrainState<DeclarationState>(new DeclarationState());
        await storage.ReadStateAsync("declaration", secretId, reread);
        var record = reread.State!.Record!;
        SecretProtector.IsProtected(record.ObjectJson).ShouldBeTrue();
        record.ObjectJson.ShouldNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes(_webhookSecret)));

        // A GitHubSource's receiver state from before: its webhook secret in the clear.
        var sourceId = GrainId.Create("mesh.githubsource", "secrets-at-rest/old-receiver");
        await storage.WriteStateAsync("githubsource", sourceId, new GrainState<GitHubSourceState>(new GitHubSourceState
        {
            Spec = new GitHubSourceSpec(_webhookSecret, ["push"], "https://github.com/octo/old", _sink.Url.ToString(), new(), new Dictionary<string, string>()),
        }));
        (await PostWebhookAsync("old-receiver", _webhookSecret)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var receiver = new GrainState<GitHubSourceState>(new GitHubSourceState());
        await storage.ReadStateAsync("githubsource", sourceId, receiver);
        SecretProtector.IsProtected(receiver.State!.Spec!.SecretToken).ShouldBeTrue();
    }

    private async Task ApplySecretAndSourceAsync(string secret, string source)
    {
        await _mesh.MustApplyAsync($"""
            apiVersion: v1
            kind: Secret
            metadata: {"{"} name: {secret}, namespace: secrets-at-rest {"}"}
            stringData:
              accessToken: {GitHubApiDouble.Token}
              secretToken: "{_webhookSecret}"
            """);
        await ApplySourceAsync(source, secret);
        await _mesh.WaitReadyAsync(SourcePath(source));
    }

    private async Task ApplySourceAsync(string name, string secret)
    {
        _github.Add($"repos/octo/{name}");
        await _mesh.MustApplyAsync($$"""
            apiVersion: sources.knative.dev/v1alpha1
            kind: GitHubSource
            metadata: { name: {{name}}, namespace: secrets-at-rest }
            spec:
              ownerAndRepository: octo/{{name}}
              eventTypes: [push]
              accessToken: { secretKeyRef: { name: {{secret}}, key: accessToken } }
              secretToken: { secretKeyRef: { name: {{secret}}, key: secretToken } }
              githubAPIURL: "{{_github.Url}}"
              sink: { uri: "{{_sink.Url}}" }
            """);
    }

    private static string SourcePath(string name) => $"/apis/sources.knative.dev/v1alpha1/namespaces/secrets-at-rest/githubsources/{name}";

    private async Task<HttpResponseMessage> PostWebhookAsync(string source, string secret)
    {
        var body = """{"ref":"refs/heads/main","compare":"https://github.com/octo/x/compare/a...b"}"""u8.ToArray();
        var request = new HttpRequestMessage(HttpMethod.Post, $"/sources/github/secrets-at-rest/{source}") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-GitHub-Event", "push");
        request.Headers.Add("X-GitHub-Delivery", Guid.NewGuid().ToString());
        request.Headers.Add("X-Hub-Signature-256", WebhookSignature.Sign256(body, secret));
        return await _mesh.Http.SendAsync(request);
    }

    public async Task DisposeAsync()
    {
        await _mesh.DisposeAsync();
        await _sink.DisposeAsync();
        await _github.DisposeAsync();
    }
}
