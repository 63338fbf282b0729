using Mesh.Operator.Auth;
using Mesh.Silo.Hosting.Listeners;
using Microsoft.Extensions.Configuration;

namespace Mesh.Tests.Silo.Listeners;

public sealed class ListenerPlanTests
{
    private static ListenerPlan Plan(params (string Key, string Value)[] settings) =>
        ListenerPlan.From(new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build());

    [Theory]
    [InlineData("http://localhost:8080", true)]
    [InlineData("http://127.0.0.1:8080", true)]
    [InlineData("http://127.0.0.2:8080", true)]
    [InlineData("http://[::1]:8080", true)]
    [InlineData("http://0.0.0.0:8080", false)]
    [InlineData("http://*:8080", false)]
    [InlineData("http://+:8080", false)]
    [InlineData("http://[::]:8080", false)]
    [InlineData("http://192.168.1.10:8080", false)]
    [InlineData("http://mesh.example:8080", false)]
    public void Only_loopback_hosts_count_as_loopback(string url, bool loopback) =>
        ListenAddress.Parse(url).IsLoopback.ShouldBe(loopback);

    [Fact]
    public void Without_identities_a_non_loopback_address_is_refused_with_a_message_naming_the_settings()
    {
        var refusal = ControlPlaneExposure.Refusal(Plan(("urls", "http://localhost:8080;http://0.0.0.0:9090")), new MeshAuthOptions());

        refusal.ShouldNotBeNull();
        refusal.ShouldContain("http://0.0.0.0:9090");
        refusal.ShouldContain("the resource API");
        foreach (var key in new[] { "Mesh:Auth:TokenFile", "Mesh:Auth:Oidc:Issuer", "Mesh:Auth:AllowAnonymous" }) refusal.ShouldContain(key);
    }

    [Fact]
    public void Loopback_identities_or_anonymous_access_let_the_mesh_start()
    {
        ControlPlaneExposure.Refusal(Plan(("urls", "http://localhost:8080;http://[::1]:8081")), new MeshAuthOptions()).ShouldBeNull();
        ControlPlaneExposure.Refusal(Plan(("urls", "http://+:8080")), new MeshAuthOptions { TokenFile = "/tokens.csv" }).ShouldBeNull();
        ControlPlaneExposure.Refusal(Plan(("urls", "http://+:8080")), new MeshAuthOptions { Oidc = { Issuer = "https://issuer" } }).ShouldBeNull();
        ControlPlaneExposure.Refusal(Plan(("urls", "http://+:8080")), new MeshAuthOptions { AllowAnonymous = true }).ShouldBeNull();
    }

    [Fact]
    public void Kubernetes_mode_serves_no_resource_API_and_keeps_the_watcher_pages_on_a_loopback_admin_port()
    {
        var plan = Plan(("urls", "http://+:8080"), ("Mesh:Operator:Mode", "Kubernetes"));

        plan.ServesResourceApi.ShouldBeFalse();
        plan.Admin.Single().Url.ShouldBe(ListenerPlan.DefaultKubernetesAdminUrl);
        ControlPlaneExposure.Refusal(plan, new MeshAuthOptions()).ShouldBeNull();
        ControlPlaneExposure.Refusal(Plan(("urls", "http://+:8080"), ("Mesh:Operator:Mode", "Kubernetes"), ("Mesh:AdminUrls", "http://0.0.0.0:8081")),
            new MeshAuthOptions())!.ShouldContain("the dashboard and sign-in pages would be served on http://0.0.0.0:8081");
    }

    [Fact]
    public void Metrics_on_a_port_of_their_own_may_face_scrapers_but_metrics_on_the_main_port_may_not()
    {
        ControlPlaneExposure.Refusal(Plan(("urls", "http://localhost:8080"), ("Mesh:Metrics:Urls", "http://0.0.0.0:9090")), new MeshAuthOptions()).ShouldBeNull();
        ControlPlaneExposure.Refusal(Plan(("urls", "http://+:8080"), ("Mesh:Operator:Mode", "Kubernetes"), ("Mesh:AdminUrls", "http://0.0.0.0:8081"),
            ("Mesh:Metrics:Urls", "http://0.0.0.0:9090")), new MeshAuthOptions())!.ShouldNotContain("/metrics");
    }

    [Theory]
    [InlineData("http://127.0.0.1:0", "Mesh:AdminUrls must name an explicit port")]
    [InlineData("http://127.0.0.1:8080", "Mesh:AdminUrls must use a port other than the main one")]
    public void Extra_ports_must_be_explicit_and_distinct(string adminUrl, string problem) =>
        Plan(("urls", "http://localhost:8080"), ("Mesh:AdminUrls", adminUrl)).Problems().ShouldContain(p => p.StartsWith(problem));

    [Fact]
    public void Without_urls_the_ports_variables_and_kestrel_endpoints_are_what_is_checked()
    {
        Plan(("HTTP_PORTS", "8080")).Main.Single().IsLoopback.ShouldBeFalse();
        Plan(("Kestrel:Endpoints:Http:Url", "http://0.0.0.0:5000"), ("urls", "http://localhost:1")).Main.Single().Url.ShouldBe("http://0.0.0.0:5000");
        Plan().Main.Single().Url.ShouldBe("http://localhost:5000");
    }
}
