using System.Net;

namespace Mesh.Tests.Operator.Kinds.KubernetesOnly;

/// <summary>In local mode, the kinds that act on a cluster's own objects are refused at apply, saying why, and nothing is stored.</summary>
[Collection(SharedMesh.Name)]
public sealed class KubernetesOnlyKindsTests(MeshFixture fixture)
{
    [Theory]
    [InlineData("ApiServerSource", "apiserversources", """
        resources: [{ apiVersion: v1, kind: ConfigMap }]
        sink: { uri: "http://127.0.0.1:9/" }
        """)]
    [InlineData("SinkBinding", "sinkbindings", """
        subject: { apiVersion: apps/v1, kind: Deployment, name: app }
        sink: { uri: "http://127.0.0.1:9/" }
        """)]
    public async Task A_cluster_only_kind_is_refused_in_local_mode_with_a_message_naming_the_kind_and_Kubernetes_mode(string kind, string plural, string spec)
    {
        var yaml = $"apiVersion: sources.knative.dev/v1\nkind: {kind}\nmetadata: {{ name: refused, namespace: local-only }}\nspec:\n"
            + string.Join('\n', spec.Split('\n').Select(line => "  " + line));

        var response = await fixture.Mesh.ApplyAsync(yaml);

        var text = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).ShouldBe(422, text);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var error = JsonNode.Parse(text)!["errors"]!.AsArray().Single()!;
        ((string?)error["field"]).ShouldBe("kind");
        ((string?)error["message"]).ShouldStartWith($"{kind} needs Kubernetes mode (Mesh:Operator:Mode=Kubernetes)");
        (await fixture.Mesh.Http.GetAsync($"/apis/sources.knative.dev/v1/namespaces/local-only/{plural}/refused")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
