using System.Net;
using Mesh.Tests.Infrastructure;

namespace Mesh.Tests.Silo.Topology;

/// <summary>The topology page's entry and assets as plain HTTP (what a browser draws is in <see cref="TopologyPageTests"/>).</summary>
[Collection(SharedMesh.Name)]
public sealed class TopologyAssetsTests(MeshFixture fixture)
{
    [Fact]
    public async Task The_root_redirects_to_the_topology_page_and_assets_are_served_by_the_mesh()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = fixture.Mesh.BaseAddress };
        var root = await http.GetAsync("/");
        root.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        root.Headers.Location!.ToString().ShouldBe("/ui");
        var page = await http.GetStringAsync("/ui");
        page.ShouldContain("/ui/assets/topology.js");
        page.ShouldNotContain("https://");
        (await http.GetAsync("/ui/assets/topology.js")).Content.Headers.ContentType!.MediaType.ShouldBe("text/javascript");
        (await http.GetAsync("/ui/assets/nothing.js")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
