using Mesh.Tests.Infrastructure;

namespace Mesh.Tests.Silo.Telemetry;

/// <summary>Two meshes in one process (as the tests run them) each export only their own series.</summary>
public sealed class MetricsIsolationTests
{
    [Fact]
    public async Task A_mesh_does_not_export_the_series_of_another_mesh_in_the_same_process()
    {
        await using var first = await MeshHost.StartAsync();
        await using var second = await MeshHost.StartAsync();
        await BrokerAsync(first, "iso-first");
        await BrokerAsync(second, "iso-second");

        (await SendAsync(first, "iso-first")).StatusCode.ShouldBe(System.Net.HttpStatusCode.Accepted);
        (await SendAsync(second, "iso-second")).StatusCode.ShouldBe(System.Net.HttpStatusCode.Accepted);

        // The second mesh's own event is the sentinel: once it is counted, the first's would be too.
        PrometheusScrape scrape = null!;
        await Eventually.TrueAsync(async () => (scrape = await PrometheusScrape.ReadAsync(second.Http))
            .Sum("mesh_ingress_events_total", ("namespace", "iso-second")) >= 1, "the second mesh to count its own event");
        scrape.Series("mesh_ingress_events_total", ("namespace", "iso-first")).ShouldBeEmpty("the first mesh's event is not the second's to export");
    }

    private static Task<HttpResponseMessage> SendAsync(MeshHost mesh, string ns)
    {
        var request = CloudEventRequests.Binary("e1", headers: ("ce-type", "dev.example.isolated"));
        request.RequestUri = new Uri($"/{ns}/default", UriKind.Relative);
        return mesh.Http.SendAsync(request);
    }

    private static async Task BrokerAsync(MeshHost mesh, string ns)
    {
        await mesh.MustApplyAsync($$"""
            apiVersion: eventing.knative.dev/v1
            kind: Broker
            metadata: { name: default, namespace: {{ns}} }
            """);
        await mesh.WaitReadyAsync($"/apis/eventing.knative.dev/v1/namespaces/{ns}/brokers/default");
    }
}
