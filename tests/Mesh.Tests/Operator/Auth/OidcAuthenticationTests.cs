using System.Net;

namespace Mesh.Tests.Operator.Auth;

/// <summary>OIDC bearer tokens validated by ASP.NET Core's JWT bearer handler against a real issuer's discovery and keys.</summary>
public sealed class OidcAuthenticationTests : IAsyncLifetime
{
    private const string Audience = "mesh-test";
    private TestOidcIssuer _issuer = null!;
    private MeshHost _mesh = null!;

    public async Task InitializeAsync()
    {
        _issuer = await TestOidcIssuer.StartAsync();
        _mesh = await MeshHost.StartAsync(new Dictionary<string, string?>
        {
            ["Mesh:Auth:Oidc:Issuer"] = _issuer.Issuer,
            ["Mesh:Auth:Oidc:Audience"] = Audience,
        });
    }

    public async Task DisposeAsync()
    {
        await _mesh.DisposeAsync();
        await _issuer.DisposeAsync();
    }

    private async Task<HttpStatusCode> ListBrokersAsync(string? token)
    {
        using var client = AuthenticatedMesh.Client(_mesh.BaseAddress, token);
        return (await client.GetAsync("/apis/eventing.knative.dev/v1/namespaces/default/brokers")).StatusCode;
    }

    [Fact]
    public async Task A_token_of_the_issuer_for_this_audience_is_accepted_and_its_groups_claim_counts()
    {
        (await ListBrokersAsync(_issuer.Issue("root", Audience, ["system:masters"]))).ShouldBe(HttpStatusCode.OK);

        using var alice = AuthenticatedMesh.Client(_mesh.BaseAddress, _issuer.Issue("alice", Audience, ["devs"]));
        var problem = await AuthenticatedMesh.ProblemAsync(await alice.GetAsync("/apis/eventing.knative.dev/v1/namespaces/default/brokers"), 403);
        ((string)problem["detail"]!).ShouldContain("User \"alice\" cannot list resource \"brokers\"", Case.Sensitive, "the user name comes from sub");
    }

    [Fact]
    public async Task Tokens_for_another_audience_from_another_issuer_expired_or_signed_by_an_unknown_key_are_401()
    {
        (await ListBrokersAsync(_issuer.Issue("root", "someone-else", ["system:masters"]))).ShouldBe(HttpStatusCode.Unauthorized);
        (await ListBrokersAsync(_issuer.Issue("root", Audience, ["system:masters"], issuer: "https://evil.example"))).ShouldBe(HttpStatusCode.Unauthorized);
        (await ListBrokersAsync(_issuer.Issue("root", Audience, ["system:masters"], lifetime: TimeSpan.FromMinutes(-10)))).ShouldBe(HttpStatusCode.Unauthorized);
        (await ListBrokersAsync(_issuer.IssueWithUnknownKey("root", Audience))).ShouldBe(HttpStatusCode.Unauthorized);
        (await ListBrokersAsync(null)).ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Discovery_and_keys_are_fetched_once_and_cached()
    {
        for (var i = 0; i < 5; i++)
            (await ListBrokersAsync(_issuer.Issue($"root{i}", Audience, ["system:masters"]))).ShouldBe(HttpStatusCode.OK);

        _issuer.DiscoveryRequests.ShouldBe(1);
        _issuer.JwksRequests.ShouldBe(1);
    }

    [Fact]
    public async Task After_the_issuer_rotates_its_key_the_first_token_of_the_new_key_is_accepted_and_one_of_the_retired_key_is_not()
    {
        var before = _issuer.Issue("root", Audience, ["system:masters"]);
        (await ListBrokersAsync(before)).ShouldBe(HttpStatusCode.OK);
        var fetches = _issuer.JwksRequests;

        _issuer.RotateKey();
        var after = _issuer.Issue("root", Audience, ["system:masters"]);

        (await ListBrokersAsync(after)).ShouldBe(HttpStatusCode.OK, "an unknown key makes the mesh fetch the keys at once");
        _issuer.JwksRequests.ShouldBe(fetches + 1);
        (await ListBrokersAsync(before)).ShouldBe(HttpStatusCode.Unauthorized, "the retired key is no longer published");
    }

    [Fact]
    public async Task Tokens_naming_keys_the_issuer_never_published_are_401_and_do_not_make_the_mesh_fetch_again_and_again()
    {
        (await ListBrokersAsync(_issuer.Issue("root", Audience, ["system:masters"]))).ShouldBe(HttpStatusCode.OK);
        var fetches = _issuer.JwksRequests;
        var clock = System.Diagnostics.Stopwatch.StartNew();

        for (var i = 0; i < 25; i++)
            (await ListBrokersAsync(_issuer.IssueWithUnknownKey("root", Audience))).ShouldBe(HttpStatusCode.Unauthorized);

        // At most one fetch per refresh interval, however many such tokens come.
        var allowed = 1 + (int)(clock.Elapsed / Mesh.Grains.Identity.IssuerKeys.MinimumRefreshInterval);
        (_issuer.JwksRequests - fetches).ShouldBeLessThanOrEqualTo(allowed);
        (await ListBrokersAsync(_issuer.Issue("root", Audience, ["system:masters"]))).ShouldBe(HttpStatusCode.OK, "the issuer's own keys still work");
    }

    [Fact]
    public async Task The_username_claim_and_prefixes_are_configurable()
    {
        await using var mesh = await MeshHost.StartAsync(new Dictionary<string, string?>
        {
            ["Mesh:Auth:Oidc:Issuer"] = _issuer.Issuer,
            ["Mesh:Auth:Oidc:Audience"] = Audience,
            ["Mesh:Auth:Oidc:UsernameClaim"] = "email",
            ["Mesh:Auth:Oidc:UsernamePrefix"] = "oidc:",
            ["Mesh:Auth:Oidc:GroupsPrefix"] = "oidc:",
        });
        var token = _issuer.Issue("1234", Audience, ["system:masters"], claims: new Dictionary<string, object> { ["email"] = "dana@example.com" });
        using var client = AuthenticatedMesh.Client(mesh.BaseAddress, token);

        var problem = await AuthenticatedMesh.ProblemAsync(await client.GetAsync("/apis/eventing.knative.dev/v1/brokers"), 403);

        ((string)problem["detail"]!).ShouldContain("User \"oidc:dana@example.com\"", Case.Sensitive, "a prefixed group cannot be system:masters");
    }
}
