using k8s;
using k8s.KubeConfigModels;

namespace Mesh.Operator.Kubernetes;

/// <summary>
/// Reads one or more kubeconfig files as kubectl does with <c>$KUBECONFIG</c>: merged in order, the
/// first file naming a cluster, user or context wins, and the first <c>current-context</c> wins.
/// Each file's relative paths (CA, client certificate and key) are relative to that file.
/// </summary>
public static class KubeConfigFiles
{
    public static K8SConfiguration Load(IReadOnlyList<string> paths)
    {
        var merged = Read(paths[0]);
        foreach (var path in paths.Skip(1))
        {
            var next = Read(path);
            merged.CurrentContext ??= next.CurrentContext;
            merged.Clusters = FirstWins(merged.Clusters, next.Clusters, c => c.Name);
            merged.Users = FirstWins(merged.Users, next.Users, u => u.Name);
            merged.Contexts = FirstWins(merged.Contexts, next.Contexts, c => c.Name);
        }
        return merged;
    }

    private static K8SConfiguration Read(string path)
    {
        var file = new FileInfo(path);
        var config = KubernetesClientConfiguration.LoadKubeConfig(file, useRelativePaths: false);
        var directory = file.DirectoryName!;
        foreach (var cluster in config.Clusters ?? [])
            if (cluster.ClusterEndpoint is { } endpoint) endpoint.CertificateAuthority = Absolute(directory, endpoint.CertificateAuthority);
        foreach (var user in config.Users ?? [])
        {
            if (user.UserCredentials is not { } credentials) continue;
            credentials.ClientCertificate = Absolute(directory, credentials.ClientCertificate);
            credentials.ClientKey = Absolute(directory, credentials.ClientKey);
        }
        return config;
    }

    private static string? Absolute(string directory, string? path) =>
        string.IsNullOrEmpty(path) || Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(directory, path));

    private static IEnumerable<T> FirstWins<T>(IEnumerable<T>? first, IEnumerable<T>? then, Func<T, string> name)
    {
        var kept = (first ?? []).ToList();
        var names = kept.Select(name).ToHashSet(StringComparer.Ordinal);
        kept.AddRange((then ?? []).Where(item => names.Add(name(item))));
        return kept;
    }
}
