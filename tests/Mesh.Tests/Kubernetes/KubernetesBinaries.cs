namespace Mesh.Tests.Kubernetes;

/// <summary>
/// Where the real API server comes from: <c>shared/kubernetes</c>'s scripts (found by walking up from
/// the test binaries, as the conformance material is) and the binaries <c>build-apiserver.sh</c>
/// caches (<c>$MESH_KUBE_BIN</c>, <c>$MESH_KUBE_HOME/bin</c>, or <c>~/.cache/mesh/kube/bin</c>).
/// </summary>
public static class KubernetesBinaries
{
    private static readonly Lazy<string?> Scripts = new(LocateScripts);

    public static string BinDirectory =>
        Environment.GetEnvironmentVariable("MESH_KUBE_BIN") is { Length: > 0 } bin ? bin
        : Path.Combine(Environment.GetEnvironmentVariable("MESH_KUBE_HOME") is { Length: > 0 } home ? home
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "mesh", "kube"), "bin");

    public static string ApiServer => Path.Combine(BinDirectory, "kube-apiserver");

    /// <summary>The kubectl built with the API server (v1.20: plain <c>-f</c>; its kustomize is too old for <c>deploy/</c>).</summary>
    public static string Kubectl => Path.Combine(BinDirectory, "kubectl");

    /// <summary>A current kubectl (v1.32 in the image), for <c>apply -k</c>; null when there is none.</summary>
    public static string? ModernKubectl => File.Exists("/usr/lib/google-cloud-sdk/bin/kubectl") ? "/usr/lib/google-cloud-sdk/bin/kubectl" : null;

    public static string StartScript => Path.Combine(Scripts.Value!, "start-apiserver.sh");

    public static string StopScript => Path.Combine(Scripts.Value!, "stop-apiserver.sh");

    /// <summary>Why the real API server cannot run here, or null when it can.</summary>
    public static string? MissingReason =>
        Scripts.Value is null ? "No shared/kubernetes/start-apiserver.sh above the test binaries."
        : !File.Exists(ApiServer) || !File.Exists(Kubectl) ? $"No kube-apiserver and kubectl in {BinDirectory}: run shared/kubernetes/build-apiserver.sh (.ci/run does)."
        : !OnPath("etcd") ? "No etcd on PATH: build-apiserver.sh installs Debian's etcd-server."
        : null;

    private static bool OnPath(string command) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Any(d => File.Exists(Path.Combine(d, command)));

    private static string? LocateScripts()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "kubernetes");
            if (File.Exists(Path.Combine(candidate, "start-apiserver.sh"))) return candidate;
        }
        return null;
    }
}
