using System.Text;

namespace Mesh.Tests.Kubernetes;

/// <summary>Core <c>v1 Secret</c>s on the fake API server, kept as the real one keeps them: values base64 in <c>data</c>.</summary>
public static class FakeKubernetesSecrets
{
    public const string Plural = "secrets";

    public static JsonObject CreateSecret(this FakeKubernetesApi api, string name, IReadOnlyDictionary<string, string> values, string ns = "default") =>
        api.Objects.Create("", Plural, Secret(name, ns, values)) ?? throw new InvalidOperationException($"Secret {ns}/{name} exists");

    /// <summary>Replaces the Secret's values, as <c>kubectl apply</c> of a changed Secret does.</summary>
    public static JsonObject ReplaceSecret(this FakeKubernetesApi api, string name, IReadOnlyDictionary<string, string> values, string ns = "default")
    {
        var (replaced, status) = api.Objects.Replace("", Plural, Secret(name, ns, values), statusOnly: false);
        return status == 200 ? replaced! : throw new InvalidOperationException($"replacing Secret {ns}/{name} answered {status}");
    }

    public static void DeleteSecret(this FakeKubernetesApi api, string name, string ns = "default") => api.Objects.Delete("", Plural, ns, name);

    private static JsonObject Secret(string name, string ns, IReadOnlyDictionary<string, string> values) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Secret",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["type"] = "Opaque",
        ["data"] = new JsonObject(values.Select(v => KeyValuePair.Create(v.Key, (JsonNode?)Convert.ToBase64String(Encoding.UTF8.GetBytes(v.Value))))),
    };
}
