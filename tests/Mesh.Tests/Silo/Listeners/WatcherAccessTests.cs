using System.Net;
using System.Net.Http.Headers;
using Mesh.Tests.Operator.Auth;

namespace Mesh.Tests.Silo.Listeners;

/// <summary>The dashboard and /metrics with identities configured: bearer tokens or a session cookie from /login, and RBAC on the path.</summary>
public sealed class WatcherAccessTests : IAsyncLifetime
{
    private AuthenticatedMesh _auth = null!;

    public async Task InitializeAsync() =>
        _auth = await AuthenticatedMesh.StartAsync(new Dictionary<string, string?> { ["Mesh:Dashboard"] = "true" });

    public async Task DisposeAsync() => await _auth.DisposeAsync();

    private (HttpClient Client, CookieContainer Cookies) Browser()
    {
        var cookies = new CookieContainer();
        var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = _auth.Mesh.BaseAddress };
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        return (client, cookies);
    }

    private async Task GrantDashboardToAliceAsync()
    {
        using var admin = _auth.As(AuthenticatedMesh.AdminToken);
        (await AuthenticatedMesh.PutYamlAsync(admin, RbacYaml.ClusterRolePath("dashboard-viewer"), RbacYaml.ClusterRole("dashboard-viewer",
            "  - { nonResourceURLs: [/dashboard, /dashboard/*], verbs: [get] }"))).IsSuccessStatusCode.ShouldBeTrue();
        (await AuthenticatedMesh.PutYamlAsync(admin, RbacYaml.ClusterRoleBindingPath("devs-dashboard"),
            RbacYaml.ClusterBindGroup("devs-dashboard", "dashboard-viewer", "devs"))).IsSuccessStatusCode.ShouldBeTrue();
    }

    private static Task<HttpResponseMessage> SignInAsync(HttpClient browser, string token, string then = "/dashboard/") =>
        browser.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = token, ["then"] = then }));

    [Fact]
    public async Task A_browser_without_a_session_is_sent_to_the_sign_in_form_and_a_script_gets_401()
    {
        var (browser, _) = Browser();
        using var _ = browser;

        var page = await browser.GetAsync("/dashboard/");
        page.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        page.Headers.Location!.ToString().ShouldBe("/login?then=%2Fdashboard%2F");
        var form = await browser.GetAsync("/login?then=%2Fdashboard%2F");
        (await form.Content.ReadAsStringAsync()).ShouldContain("name=\"token\"");

        using var script = _auth.As(null);
        await AuthenticatedMesh.ProblemAsync(await script.GetAsync("/dashboard/DashboardCounters"), 401);
    }

    [Fact]
    public async Task Signing_in_sets_an_httponly_samesite_strict_cookie_that_opens_the_dashboard_to_an_identity_rbac_allows()
    {
        await GrantDashboardToAliceAsync();
        var (browser, cookies) = Browser();
        using var _ = browser;

        var signIn = await SignInAsync(browser, AuthenticatedMesh.AliceToken);

        signIn.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        signIn.Headers.Location!.ToString().ShouldBe("/dashboard/");
        var setCookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("mesh.session="));
        setCookie.ShouldContain("httponly", Case.Insensitive);
        setCookie.ShouldContain("samesite=strict", Case.Insensitive);
        setCookie.ShouldNotContain(AuthenticatedMesh.AliceToken, Case.Sensitive, "the cookie is encrypted, never the token itself");
        (await browser.GetAsync("/dashboard/")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await browser.GetAsync("/dashboard/DashboardCounters")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_signed_in_identity_rbac_does_not_allow_gets_403_naming_the_path()
    {
        var (browser, _) = Browser();
        using var _ = browser;
        (await SignInAsync(browser, AuthenticatedMesh.BobToken)).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var problem = await AuthenticatedMesh.ProblemAsync(await browser.GetAsync("/dashboard/"), 403);

        ((string)problem["detail"]!).ShouldBe("forbidden: User \"bob\" cannot get path \"/dashboard/\"");
    }

    [Fact]
    public async Task A_revoked_token_ends_the_session_made_from_it()
    {
        await GrantDashboardToAliceAsync();
        var (browser, _) = Browser();
        using var _ = browser;
        await SignInAsync(browser, AuthenticatedMesh.AliceToken);
        (await browser.GetAsync("/dashboard/")).StatusCode.ShouldBe(HttpStatusCode.OK);

        _auth.Tokens.Write(AuthenticatedMesh.DefaultLines.Where(l => !l.Contains("alice")).ToArray());

        await Eventually.TrueAsync(async () => (await browser.GetAsync("/dashboard/")).StatusCode == HttpStatusCode.Redirect, "the session to end");
    }

    [Fact]
    public async Task A_bad_token_is_refused_by_the_form_and_a_form_posted_from_another_site_is_refused()
    {
        var (browser, cookies) = Browser();
        using var _ = browser;

        var wrong = await SignInAsync(browser, "guess");
        wrong.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await wrong.Content.ReadAsStringAsync()).ShouldContain("The token was not accepted.");
        cookies.GetCookies(_auth.Mesh.BaseAddress).ShouldBeEmpty();

        var request = new HttpRequestMessage(HttpMethod.Post, "/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = AuthenticatedMesh.AdminToken }),
        };
        request.Headers.Add("Origin", "https://evil.example");
        (await browser.SendAsync(request)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        cookies.GetCookies(_auth.Mesh.BaseAddress).ShouldBeEmpty();
    }

    [Fact]
    public async Task Sign_in_sends_the_browser_only_to_paths_of_this_mesh()
    {
        var (browser, _) = Browser();
        using var _ = browser;

        var signIn = await SignInAsync(browser, AuthenticatedMesh.AdminToken, then: "//evil.example/");

        signIn.Headers.Location!.ToString().ShouldBe("/");
    }

    [Fact]
    public async Task Metrics_on_the_main_port_need_an_identity_allowed_to_get_the_path()
    {
        using var anonymous = _auth.As(null);
        using var bob = _auth.As(AuthenticatedMesh.BobToken);
        using var admin = _auth.As(AuthenticatedMesh.AdminToken);

        (await anonymous.GetAsync("/metrics")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await bob.GetAsync("/metrics")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await admin.GetAsync("/metrics")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await anonymous.GetAsync("/healthz")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await anonymous.GetAsync("/readyz")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Metrics_on_a_port_of_their_own_are_open_to_scrapers_and_gone_from_the_main_port()
    {
        var metricsPort = FreePort.Next();
        await using var auth = await AuthenticatedMesh.StartAsync(new Dictionary<string, string?> { ["Mesh:Metrics:Urls"] = $"http://127.0.0.1:{metricsPort}" });
        using var scraper = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{metricsPort}") };
        using var admin = auth.As(AuthenticatedMesh.AdminToken);

        (await scraper.GetAsync("/metrics")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await scraper.GetAsync("/apis")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await scraper.PostAsync("/default/default", new StringContent("{}"))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await admin.GetAsync("/metrics")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
