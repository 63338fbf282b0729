using System.Net;
using System.Text;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Mesh.Operator.Resources;

namespace Mesh.Tests.Kubernetes;

/// <summary>What a cluster admin does with kubectl, through the admin client: objects of any kind by YAML, Secrets, namespaces.</summary>
public sealed class ClusterObjects(IKubernetes admin)
{
    public async Task<string> CreateNamespaceAsync(string prefix = "t")
    {
        var name = $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];
        await admin.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } });
        return name;
    }

    public async Task<JsonObject> CreateAsync(ResourceKind kind, string ns, string yaml)
    {
        var obj = Mesh.Declarations.DocumentReader.ReadYaml(yaml)[0]!.AsObject();
        obj["metadata"]!["namespace"] = ns;
        return await admin.CustomObjects.CreateNamespacedCustomObjectAsync<JsonObject>(obj, kind.Group, kind.Version, ns, kind.Plural);
    }

    public async Task<JsonObject?> GetAsync(ResourceKind kind, string ns, string name)
    {
        try
        {
            return await admin.CustomObjects.GetNamespacedCustomObjectAsync<JsonObject>(kind.Group, kind.Version, ns, kind.Plural, name);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>Reads, changes and replaces the object, again on a conflict (the mesh writes status meanwhile).</summary>
    public async Task<JsonObject> UpdateAsync(ResourceKind kind, string ns, string name, Action<JsonObject> change)
    {
        for (var attempt = 1; ; attempt++)
        {
            var obj = (await GetAsync(kind, ns, name))!;
            change(obj);
            try
            {
                return await admin.CustomObjects.ReplaceNamespacedCustomObjectAsync<JsonObject>(obj, kind.Group, kind.Version, ns, kind.Plural, name);
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict && attempt < 10)
            {
            }
        }
    }

    /// <summary>Deletes the object; with a finalizer the answer is the object marked for deletion.</summary>
    public Task<JsonObject> DeleteAsync(ResourceKind kind, string ns, string name) =>
        admin.CustomObjects.DeleteNamespacedCustomObjectAsync<JsonObject>(kind.Group, kind.Version, ns, kind.Plural, name);

    public Task<V1Secret> CreateSecretAsync(string ns, string name, IReadOnlyDictionary<string, string> values) =>
        admin.CoreV1.CreateNamespacedSecretAsync(Secret(ns, name, values), ns);

    public Task<V1Secret> ReplaceSecretAsync(string ns, string name, IReadOnlyDictionary<string, string> values) =>
        admin.CoreV1.ReplaceNamespacedSecretAsync(Secret(ns, name, values), name, ns);

    /// <summary>Waits until the object in the cluster has Ready with the given status, written back by the mesh.</summary>
    public async Task<JsonObject> WaitReadyAsync(ResourceKind kind, string ns, string name, string status = "True", TimeSpan? timeout = null)
    {
        JsonObject? last = null;
        await Eventually.TrueAsync(async () =>
        {
            last = await GetAsync(kind, ns, name);
            return MeshHost.ReadyStatus(last) == status;
        }, $"{kind.Kind} {ns}/{name} in the cluster to have Ready={status}", () => last?.ToJsonString() ?? "(missing)", timeout ?? TimeSpan.FromSeconds(30));
        return last!;
    }

    private static V1Secret Secret(string ns, string name, IReadOnlyDictionary<string, string> values) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
        Type = "Opaque",
        Data = values.ToDictionary(v => v.Key, v => Encoding.UTF8.GetBytes(v.Value)),
    };
}
