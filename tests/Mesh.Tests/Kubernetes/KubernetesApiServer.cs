using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using k8s;
using Mesh.Tests.Deploy;

namespace Mesh.Tests.Kubernetes;

/// <summary>
/// One real kube-apiserver (v1.20, with etcd) for the Kubernetes suite, started by
/// <c>shared/kubernetes/start-apiserver.sh</c> on free loopback ports, then restarted under this
/// process with client certificates accepted and a second static token: the operator's, for the user
/// <c>system:serviceaccount:mesh-system:mesh</c>, so that <c>deploy/base/200-rbac.yaml</c>'s bindings
/// (and nothing else) authorize it. The CRDs and RBAC of <c>deploy/</c> are installed. Does nothing
/// where the binaries are missing (the tests skip with the reason).
/// </summary>
public sealed class KubernetesApiServer : IAsyncLifetime
{
    public const string OperatorUser = "system:serviceaccount:mesh-system:mesh";

    private ApiServerProcess? _process;
    private IKubernetes? _admin;

    public string Directory { get; private set; } = "";
    public Uri Url { get; private set; } = null!;
    public string AdminToken { get; private set; } = "";

    /// <summary>The operator's token: authorized only by the ServiceAccount bindings of <c>deploy/</c>.</summary>
    public string OperatorToken { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();

    public string CaFile => Path.Combine(Directory, "certs", "ca.crt");
    public string CaKeyFile => Path.Combine(Directory, "certs", "ca.key");
    public string KubeConfig => Path.Combine(Directory, "kubeconfig");
    public int Port => Url.Port;
    public IKubernetes Admin => _admin!;
    public ClusterObjects Objects => new(Admin);

    public async Task InitializeAsync()
    {
        if (KubernetesBinaries.MissingReason is not null) return;
        Directory = System.IO.Directory.CreateTempSubdirectory("mesh-kube-").FullName;
        var printed = await Commands.RunAsync("bash", [KubernetesBinaries.StartScript, Directory], timeout: TimeSpan.FromMinutes(3));
        var values = printed.Split('\n').Select(l => l.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1].Trim());
        Url = new Uri(values["MESH_KUBE_URL"]);
        AdminToken = values["MESH_KUBE_TOKEN"];

        File.AppendAllText(Path.Combine(Directory, "certs", "tokens.csv"),
            $"{OperatorToken},{OperatorUser},mesh-operator-uid,\"system:serviceaccounts,system:serviceaccounts:mesh-system\"\n");
        _process = await ApiServerProcess.TakeOverAsync(Directory, ["--client-ca-file=certs/ca.crt"]);
        await StartAsync();
        var authorities = new X509Certificate2Collection();
        authorities.ImportFromPemFile(CaFile);
        _admin = new k8s.Kubernetes(new KubernetesClientConfiguration { Host = Url.ToString(), AccessToken = AdminToken, SslCaCerts = authorities });

        await KubectlAsync("apply", "-f", DeployFiles.Full("base/100-namespace.yaml"), "-f", DeployFiles.Full("base/200-rbac.yaml"), "-f", DeployFiles.Full("crds"));
        await KubectlAsync("wait", "--for=condition=Established", "crd", "--all", "--timeout=60s");
    }

    public bool Running => _process?.Running == true;

    /// <summary>Stops the API server (etcd keeps running, with its data).</summary>
    public Task StopAsync() => _process!.StopAsync();

    /// <summary>Starts the API server again on the same port and etcd, and waits until it is ready.</summary>
    public async Task StartAsync()
    {
        _process!.Start();
        using var http = TrustingClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                return (await http.GetAsync(new Uri(Url, "/readyz"))).IsSuccessStatusCode;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Refused while it starts, or accepted and not yet answering.
                return false;
            }
        }, "the API server to be ready", () => _process.Log[^Math.Min(2000, _process.Log.Length)..], TimeSpan.FromSeconds(90));
    }

    /// <summary>
    /// Compacts etcd's history up to its current revision (through etcd's HTTP gateway, as
    /// <c>etcdctl compact</c> would): a watch from an older resourceVersion that reaches etcd gets 410 Gone.
    /// </summary>
    public async Task CompactEtcdAsync()
    {
        var etcd = new Uri(_process!.Argument("etcd-servers")!.Split(',')[0]);
        using var http = new HttpClient { BaseAddress = etcd };
        var range = await http.PostAsync("/v3/kv/range", Json(new JsonObject { ["key"] = Convert.ToBase64String("/"u8.ToArray()), ["limit"] = 1 }));
        range.EnsureSuccessStatusCode();
        var revision = (string)(await range.Content.ReadFromJsonAsync<JsonObject>())!["header"]!["revision"]!;
        var compaction = await http.PostAsync("/v3/kv/compaction", Json(new JsonObject { ["revision"] = revision, ["physical"] = true }));
        compaction.EnsureSuccessStatusCode();
    }

    /// <summary>The built kubectl (v1.20), as the cluster admin.</summary>
    public Task<string> KubectlAsync(params string[] arguments) =>
        Commands.RunAsync(KubernetesBinaries.Kubectl, ["--kubeconfig", KubeConfig, .. arguments]);

    /// <summary>A current kubectl (for <c>apply -k</c>), as the cluster admin.</summary>
    public Task<string> ModernKubectlAsync(params string[] arguments) =>
        Commands.RunAsync(KubernetesBinaries.ModernKubectl!, ["--kubeconfig", KubeConfig, .. arguments]);

    /// <summary>An HTTP client that trusts the cluster's CA (and nothing else) for the API server.</summary>
    public HttpClient TrustingClient()
    {
        var authorities = new X509Certificate2Collection();
        authorities.ImportFromPemFile(CaFile);
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
        {
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return certificate is X509Certificate2 leaf && chain.Build(leaf);
        };
        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
    }

    public async Task DisposeAsync()
    {
        _admin?.Dispose();
        if (_process is not null) await _process.StopAsync();
        if (Directory.Length == 0) return;
        await Commands.RunAsync("bash", [KubernetesBinaries.StopScript, Directory]);
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static StringContent Json(JsonObject body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");
}
