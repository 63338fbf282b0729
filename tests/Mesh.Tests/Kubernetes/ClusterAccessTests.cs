using Mesh.Operator.Kubernetes;
using Mesh.Operator.Resources;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Mesh.Operator.Kinds.Broker;

namespace Mesh.Tests.Kubernetes;

/// <summary>
/// How the mesh finds, trusts and authenticates to the API server: a URL with a token and a CA, a
/// kubeconfig (named, from <c>$KUBECONFIG</c>, or <c>~/.kube/config</c>) with tokens or client
/// certificates, or a pod's service account. Each mesh proves it got in by reconciling a Broker.
/// </summary>
[Collection(KubernetesCollection.Name)]
[Trait("Category", "Slow")]
public sealed class ClusterAccessTests(KubernetesApiServer server)
{
    private const string CertificateGroup = "mesh-operators";

    private static readonly Dictionary<string, string?> NoUrl = new()
    {
        ["Mesh:Kubernetes:Url"] = null,
        ["Mesh:Kubernetes:Token"] = null,
        ["Mesh:Kubernetes:CertificateAuthority"] = null,
    };

    [KubernetesFact]
    public async Task Without_the_clusters_CA_the_mesh_does_not_trust_the_API_server_and_is_not_ready_saying_why()
    {
        var ns = await server.Objects.CreateNamespaceAsync();
        await using var mesh = await KubernetesMesh.StartAsync(server, ns,
            overrides: new Dictionary<string, string?> { ["Mesh:Kubernetes:CertificateAuthority"] = null }, waitUntilReady: false);

        HealthReportEntry? check = null;
        await Eventually.TrueAsync(async () =>
        {
            check = (await mesh.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync()).Entries["kubernetes"];
            return check.Value.Description?.Contains("certificate", StringComparison.OrdinalIgnoreCase) == true;
        }, "the readiness check to name the untrusted certificate", () => check?.Description ?? "(none)");
        check!.Value.Status.ShouldBe(HealthStatus.Unhealthy);
        ((int)(await mesh.Http.GetAsync("/readyz")).StatusCode).ShouldBe(503);
        KubernetesMesh.IsLeader(mesh).ShouldBeFalse();
    }

    [KubernetesFact]
    public async Task A_CA_given_as_base64_data_is_trusted_like_a_CA_file()
    {
        var ns = await server.Objects.CreateNamespaceAsync();
        await using var mesh = await KubernetesMesh.StartAsync(server, ns, overrides: new Dictionary<string, string?>
        {
            ["Mesh:Kubernetes:CertificateAuthority"] = null,
            ["Mesh:Kubernetes:CertificateAuthorityData"] = KubeConfigs.Base64(File.ReadAllText(server.CaFile)),
        });
        await ShouldReconcileAsync(ns);
    }

    [KubernetesFact]
    public async Task The_kubeconfig_start_apiserver_writes_is_used_with_its_token_and_CA_file()
    {
        var ns = await server.Objects.CreateNamespaceAsync();
        await using var mesh = await KubernetesMesh.StartAsync(server, ns, overrides: new Dictionary<string, string?>(NoUrl)
        {
            ["Mesh:Kubernetes:KubeConfig"] = server.KubeConfig,
        });
        await ShouldReconcileAsync(ns);
    }

    [KubernetesFact]
    public async Task A_client_certificate_kubeconfig_is_used_in_the_context_the_settings_choose()
    {
        var ns = await server.Objects.CreateNamespaceAsync();
        var (certificate, key) = await IssueOperatorCertificateAsync("mesh-laptop");
        var kubeConfig = KubeConfigs.Write(Path.Combine(server.Directory, $"{ns}.kubeconfig"), "elsewhere",
            [
                new KubeConfigs.Cluster("test", server.Url.ToString(), CaData: KubeConfigs.Base64(File.ReadAllText(server.CaFile))),
                new KubeConfigs.Cluster("nowhere", "https://127.0.0.1:1"),
            ],
            [new KubeConfigs.User("laptop", CertificatePem: certificate, KeyPem: key)],
            [new KubeConfigs.Context("elsewhere", "nowhere", "laptop"), new KubeConfigs.Context("test", "test", "laptop")]);

        await using var mesh = await KubernetesMesh.StartAsync(server, ns, overrides: new Dictionary<string, string?>(NoUrl)
        {
            ["Mesh:Kubernetes:KubeConfig"] = kubeConfig,
            ["Mesh:Kubernetes:Context"] = "test",
        });
        await ShouldReconcileAsync(ns);
    }

    [KubernetesFact]
    public async Task KUBECONFIG_files_are_merged_with_paths_relative_to_each_file_and_the_first_current_context()
    {
        var ns = await server.Objects.CreateNamespaceAsync();
        var (certificate, key) = await IssueOperatorCertificateAsync("mesh-merged");
        var home = Directory.CreateDirectory(Path.Combine(server.Directory, ns));
        var credentials = Directory.CreateDirectory(Path.Combine(home.FullName, "credentials"));
        File.WriteAllText(Path.Combine(credentials.FullName, "user.crt"), certificate);
        File.WriteAllText(Path.Combine(credentials.FullName, "user.key"), key);
        File.Copy(server.CaFile, Path.Combine(credentials.FullName, "ca.crt"));
        var first = KubeConfigs.Write(Path.Combine(home.FullName, "first"), "test", [], [], []);
        var second = KubeConfigs.Write(Path.Combine(credentials.FullName, "second"), "not-this-one",
            [new KubeConfigs.Cluster("test", server.Url.ToString(), CaFile: "ca.crt")],
            [new KubeConfigs.User("merged", CertificateFile: "user.crt", KeyFile: "user.key")],
            [new KubeConfigs.Context("test", "test", "merged")]);
        var environment = new Dictionary<string, string> { ["KUBECONFIG"] = $"{first}:{second}" };

        await using var mesh = await KubernetesMesh.StartAsync(server, ns, overrides: NoUrl, services: InEnvironment(environment));
        await ShouldReconcileAsync(ns);
    }

    [KubernetesFact]
    public async Task Without_a_URL_or_kubeconfig_a_mesh_in_a_pod_uses_its_service_account()
    {
        var ns = await server.Objects.CreateNamespaceAsync();
        var account = Directory.CreateDirectory(Path.Combine(server.Directory, $"{ns}-serviceaccount"));
        File.WriteAllText(Path.Combine(account.FullName, "token"), server.OperatorToken + "\n");
        File.Copy(server.CaFile, Path.Combine(account.FullName, "ca.crt"));
        File.WriteAllText(Path.Combine(account.FullName, "namespace"), "mesh-system");
        var environment = new Dictionary<string, string>
        {
            ["KUBERNETES_SERVICE_HOST"] = "127.0.0.1",
            ["KUBERNETES_SERVICE_PORT"] = server.Port.ToString(),
            ["HOME"] = account.FullName,
        };

        await using var mesh = await KubernetesMesh.StartAsync(server, ns, overrides: NoUrl, services: InEnvironment(environment, account.FullName));
        await ShouldReconcileAsync(ns);
    }

    [KubernetesFact]
    public async Task Outside_a_pod_the_users_kube_config_in_their_home_is_used()
    {
        var ns = await server.Objects.CreateNamespaceAsync();
        var home = Directory.CreateDirectory(Path.Combine(server.Directory, $"{ns}-home"));
        Directory.CreateDirectory(Path.Combine(home.FullName, ".kube"));
        File.Copy(server.KubeConfig, Path.Combine(home.FullName, ".kube", "config"));

        await using var mesh = await KubernetesMesh.StartAsync(server, ns, overrides: NoUrl,
            services: InEnvironment(new Dictionary<string, string> { ["HOME"] = home.FullName }));
        await ShouldReconcileAsync(ns);
    }

    [Fact]
    public async Task With_no_cluster_configured_anywhere_the_mesh_refuses_to_start_and_names_the_settings()
    {
        var empty = Directory.CreateTempSubdirectory("mesh-no-cluster-").FullName;
        var settings = new Dictionary<string, string?> { ["Mesh:Operator:Mode"] = "Kubernetes" };

        var failure = await Should.ThrowAsync<Exception>(() => MeshHost.StartAsync(settings,
            services: InEnvironment(new Dictionary<string, string> { ["HOME"] = empty }, empty)));

        failure.Message.ShouldContain("Mesh:Kubernetes:Url");
        failure.Message.ShouldContain("Mesh:Kubernetes:KubeConfig");
        Directory.Delete(empty, recursive: true);
    }

    [Fact]
    public async Task A_kubeconfig_without_the_chosen_context_or_a_CA_file_without_a_certificate_stops_the_start_with_the_setting_named()
    {
        var directory = Directory.CreateTempSubdirectory("mesh-bad-cluster-").FullName;
        var kubeConfig = KubeConfigs.Write(Path.Combine(directory, "config"), "only",
            [new KubeConfigs.Cluster("c", "https://127.0.0.1:1")], [new KubeConfigs.User("u", Token: "t")], [new KubeConfigs.Context("only", "c", "u")]);
        var notPem = Path.Combine(directory, "ca.crt");
        File.WriteAllText(notPem, "not a certificate");

        var noContext = await Should.ThrowAsync<Exception>(() => MeshHost.StartAsync(new Dictionary<string, string?>
        {
            ["Mesh:Operator:Mode"] = "Kubernetes", ["Mesh:Kubernetes:KubeConfig"] = kubeConfig, ["Mesh:Kubernetes:Context"] = "absent",
        }));
        var noCertificate = await Should.ThrowAsync<Exception>(() => MeshHost.StartAsync(new Dictionary<string, string?>
        {
            ["Mesh:Operator:Mode"] = "Kubernetes", ["Mesh:Kubernetes:Url"] = "https://127.0.0.1:1", ["Mesh:Kubernetes:CertificateAuthority"] = notPem,
        }));

        noContext.Message.ShouldContain("absent");
        noContext.Message.ShouldContain("Mesh:Kubernetes:Context");
        noCertificate.Message.ShouldContain("Mesh:Kubernetes:CertificateAuthority");
        Directory.Delete(directory, recursive: true);
    }

    private async Task ShouldReconcileAsync(string ns)
    {
        await server.Objects.CreateAsync(BrokerKind.Resource, ns, KubernetesMesh.Broker());
        await server.Objects.WaitReadyAsync(BrokerKind.Resource, ns, "default");
    }

    /// <summary>A client certificate for a user of the group the operator's roles are bound to here.</summary>
    private async Task<(string Certificate, string Key)> IssueOperatorCertificateAsync(string user)
    {
        var file = Path.Combine(server.Directory, "certificate-group-rbac.yaml");
        await File.WriteAllTextAsync(file, $$"""
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRoleBinding
            metadata: { name: {{CertificateGroup}} }
            roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: mesh-operator }
            subjects: [{ kind: Group, apiGroup: rbac.authorization.k8s.io, name: {{CertificateGroup}} }]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata: { name: {{CertificateGroup}}, namespace: mesh-system }
            roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: mesh }
            subjects: [{ kind: Group, apiGroup: rbac.authorization.k8s.io, name: {{CertificateGroup}} }]
            """);
        await server.KubectlAsync("apply", "-f", file);
        return ClientCertificates.Issue(server.CaFile, server.CaKeyFile, user, CertificateGroup);
    }

    private static Action<IServiceCollection> InEnvironment(IReadOnlyDictionary<string, string> variables, string? serviceAccountDirectory = null) =>
        services => services.AddSingleton(new KubernetesEnvironment(name => variables.GetValueOrDefault(name),
            serviceAccountDirectory ?? Path.Combine(Path.GetTempPath(), "no-service-account")));
}
