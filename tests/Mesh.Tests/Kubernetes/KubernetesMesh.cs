using Mesh.Operator.Kubernetes;
using Mesh.Operator.Resources;
using Microsoft.Extensions.DependencyInjection;

namespace Mesh.Tests.Kubernetes;

/// <summary>A mesh in Kubernetes mode against a <see cref="FakeKubernetesApi"/>, with a short Lease so failover is quick.</summary>
public static class KubernetesMesh
{
    public static Task<MeshHost> StartAsync(FakeKubernetesApi api, string identity, Action<IServiceCollection>? services = null, IDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Mesh:Operator:Mode"] = "Kubernetes",
            ["Mesh:Kubernetes:Url"] = api.Url.ToString(),
            ["Mesh:Kubernetes:Identity"] = identity,
            ["Mesh:Kubernetes:LeaseDuration"] = "00:00:03",
            ["Mesh:Kubernetes:RenewDeadline"] = "00:00:02",
            ["Mesh:Kubernetes:RetryPeriod"] = "00:00:00.250",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) all[key] = value;
        return MeshHost.StartAsync(all, services: services);
    }

    public static bool IsLeader(MeshHost host) => host.Services.GetRequiredService<KubernetesOperator>().IsLeader;

    /// <summary>Waits until the object in the cluster has Ready with the given status, written back by the mesh.</summary>
    public static async Task<JsonObject> WaitReadyAsync(FakeKubernetesApi api, ResourceKind kind, string name, string status = "True")
    {
        JsonObject? last = null;
        await Eventually.TrueAsync(() =>
        {
            last = api.Get(kind, name);
            return MeshHost.ReadyStatus(last) == status;
        }, $"{kind.Kind} {name} in the cluster to have Ready={status}", () => last?.ToJsonString() ?? "(missing)");
        return last!;
    }

    public const string Broker = """
        apiVersion: eventing.knative.dev/v1
        kind: Broker
        metadata: { name: default, namespace: default }
        """;

    public static string Trigger(string name, Uri subscriber, string type = "dev.mesh.test") => $"""
        apiVersion: eventing.knative.dev/v1
        kind: Trigger
        metadata: {"{"} name: {name}, namespace: default {"}"}
        spec:
          broker: default
          filter: {"{"} attributes: {"{"} type: {type} {"}"} {"}"}
          subscriber: {"{"} uri: "{subscriber}" {"}"}
        """;
}
