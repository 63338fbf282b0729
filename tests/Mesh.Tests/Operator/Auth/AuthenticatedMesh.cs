using System.Net.Http.Headers;
using System.Text;

namespace Mesh.Tests.Operator.Auth;

/// <summary>A mesh with a static token file: <c>admin</c> in system:masters, <c>alice</c> in group devs, <c>bob</c> with no group.</summary>
public sealed class AuthenticatedMesh : IAsyncDisposable
{
    public const string AdminToken = "admin-token-5f1c";
    public const string AliceToken = "alice-token-9a7e";
    public const string BobToken = "bob-token-33d0";

    public static readonly string[] DefaultLines =
    [
        $"{AdminToken},admin,1,\"system:masters\"",
        $"{AliceToken},alice,2,\"devs\"",
        $"{BobToken},bob,3",
    ];

    private AuthenticatedMesh(MeshHost mesh, TokenFileFixture tokens, CapturedLogs logs)
    {
        Mesh = mesh;
        Tokens = tokens;
        Logs = logs;
    }

    public MeshHost Mesh { get; }
    public TokenFileFixture Tokens { get; }
    public CapturedLogs Logs { get; }

    public static async Task<AuthenticatedMesh> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var tokens = new TokenFileFixture(DefaultLines);
        var logs = new CapturedLogs();
        var all = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>()) { ["Mesh:Auth:TokenFile"] = tokens.Path };
        var mesh = await MeshHost.StartAsync(all, services: logs.AddTo);
        return new AuthenticatedMesh(mesh, tokens, logs);
    }

    /// <summary>A client of this mesh presenting <paramref name="token"/> (none when null).</summary>
    public HttpClient As(string? token) => Client(Mesh.BaseAddress, token);

    public static HttpClient Client(Uri baseAddress, string? token)
    {
        var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static Task<HttpResponseMessage> PutYamlAsync(HttpClient client, string path, string yaml)
    {
        var content = new StringContent(yaml, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/yaml");
        return client.PutAsync(path, content);
    }

    public static async Task<JsonObject> ProblemAsync(HttpResponseMessage response, int status)
    {
        var text = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).ShouldBe(status, text);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        return JsonNode.Parse(text)!.AsObject();
    }

    public async ValueTask DisposeAsync()
    {
        await Mesh.DisposeAsync();
        Tokens.Dispose();
    }
}
