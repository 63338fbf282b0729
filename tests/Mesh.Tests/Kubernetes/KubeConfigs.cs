using System.Text;

namespace Mesh.Tests.Kubernetes;

/// <summary>Writes kubeconfig files as a user's tooling would: clusters, users and contexts by name, a current context.</summary>
public static class KubeConfigs
{
    public sealed record Cluster(string Name, string Server, string? CaFile = null, string? CaData = null);

    public sealed record User(string Name, string? Token = null, string? CertificateFile = null, string? KeyFile = null, string? CertificatePem = null, string? KeyPem = null);

    public sealed record Context(string Name, string Cluster, string User);

    public static string Write(string path, string? currentContext, IEnumerable<Cluster> clusters, IEnumerable<User> users, IEnumerable<Context> contexts)
    {
        var yaml = new StringBuilder("apiVersion: v1\nkind: Config\nclusters:\n");
        foreach (var c in clusters)
            yaml.Append($"- name: {c.Name}\n  cluster:\n    server: \"{c.Server}\"\n")
                .Append(c.CaFile is null ? "" : $"    certificate-authority: \"{c.CaFile}\"\n")
                .Append(c.CaData is null ? "" : $"    certificate-authority-data: {c.CaData}\n");
        yaml.Append("users:\n");
        foreach (var u in users)
            yaml.Append($"- name: {u.Name}\n  user:\n")
                .Append(u.Token is null ? "" : $"    token: \"{u.Token}\"\n")
                .Append(u.CertificateFile is null ? "" : $"    client-certificate: \"{u.CertificateFile}\"\n    client-key: \"{u.KeyFile}\"\n")
                .Append(u.CertificatePem is null ? "" : $"    client-certificate-data: {Base64(u.CertificatePem)}\n    client-key-data: {Base64(u.KeyPem!)}\n");
        yaml.Append("contexts:\n");
        foreach (var x in contexts) yaml.Append($"- name: {x.Name}\n  context:\n    cluster: {x.Cluster}\n    user: {x.User}\n");
        if (currentContext is not null) yaml.Append($"current-context: {currentContext}\n");
        File.WriteAllText(path, yaml.ToString());
        return path;
    }

    public static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
