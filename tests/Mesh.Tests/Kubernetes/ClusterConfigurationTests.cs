using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Mesh.Operator.Kubernetes;
using Microsoft.Extensions.Options;

namespace Mesh.Tests.Kubernetes;

/// <summary>Where the operator looks for its cluster, in controller-runtime's order, and which CA it then trusts.</summary>
public sealed class ClusterConfigurationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mesh-cluster-config-").FullName;

    [Fact]
    public void A_URL_comes_before_any_kubeconfig_or_service_account()
    {
        var (config, source) = Resolve(new KubernetesOptions { Url = "https://api.example:6443", Token = "t" }, Everything());
        config.Host.ShouldBe("https://api.example:6443");
        source.ShouldStartWith("Mesh:Kubernetes:Url");
    }

    [Fact]
    public void The_configured_kubeconfig_comes_before_KUBECONFIG_which_comes_before_the_pod_which_comes_before_the_home_kubeconfig()
    {
        var everything = Everything();
        Resolve(new KubernetesOptions { KubeConfig = KubeConfig("named", "https://named:1") }, everything).Config.Host.ShouldStartWith("https://named:1");
        Resolve(new KubernetesOptions(), everything).Config.Host.ShouldStartWith("https://from-env:1");
        Resolve(new KubernetesOptions(), everything with { Variable = Without(everything, "KUBECONFIG") }).Config.Host.ShouldBe("https://10.0.0.1/");
        var outsidePod = everything with { Variable = Without(everything, "KUBECONFIG", "KUBERNETES_SERVICE_HOST") };
        Resolve(new KubernetesOptions(), outsidePod).Config.Host.ShouldStartWith("https://home:1");
    }

    [Fact]
    public void A_configured_CA_replaces_the_one_the_kubeconfig_brings()
    {
        var configured = Path.Combine(_directory, "configured.crt");
        File.WriteAllText(configured, SelfSignedPem("configured"));

        var (config, _) = Resolve(new KubernetesOptions { KubeConfig = KubeConfig("named", "https://named:1"), CertificateAuthority = configured }, Everything());

        config.SslCaCerts.ShouldHaveSingleItem().Subject.ShouldBe("CN=configured");
    }

    [Fact]
    public void In_a_pod_the_service_accounts_CA_and_token_file_are_used()
    {
        var (config, source) = Resolve(new KubernetesOptions(), Everything() with { Variable = Without(Everything(), "KUBECONFIG") });

        config.SslCaCerts.ShouldHaveSingleItem().Subject.ShouldBe("CN=pod");
        config.TokenProvider.ShouldNotBeNull();
        source.ShouldContain("service account");
    }

    private (k8s.KubernetesClientConfiguration Config, string Source) Resolve(KubernetesOptions options, KubernetesEnvironment environment) =>
        new ClusterConfiguration(Options.Create(options), environment).Resolve();

    /// <summary>A process that has all four: a KUBECONFIG, a pod's service account, and a home kubeconfig.</summary>
    private KubernetesEnvironment Everything()
    {
        var account = Directory.CreateDirectory(Path.Combine(_directory, "serviceaccount")).FullName;
        File.WriteAllText(Path.Combine(account, "token"), "pod-token");
        File.WriteAllText(Path.Combine(account, "ca.crt"), SelfSignedPem("pod"));
        var home = Directory.CreateDirectory(Path.Combine(_directory, "home", ".kube")).Parent!.FullName;
        File.Copy(KubeConfig("home", "https://home:1"), Path.Combine(home, ".kube", "config"), overwrite: true);
        var variables = new Dictionary<string, string>
        {
            ["KUBECONFIG"] = KubeConfig("env", "https://from-env:1"),
            ["KUBERNETES_SERVICE_HOST"] = "10.0.0.1",
            ["KUBERNETES_SERVICE_PORT"] = "443",
            ["HOME"] = home,
        };
        return new KubernetesEnvironment(name => variables.GetValueOrDefault(name), account);
    }

    private static Func<string, string?> Without(KubernetesEnvironment environment, params string[] names) =>
        name => names.Contains(name) ? null : environment.Variable(name);

    private string KubeConfig(string name, string server) => KubeConfigs.Write(Path.Combine(_directory, $"{name}.kubeconfig"), name,
        [new KubeConfigs.Cluster(name, server, CaData: KubeConfigs.Base64(SelfSignedPem(name)))],
        [new KubeConfigs.User(name, Token: "token")],
        [new KubeConfigs.Context(name, name, name)]);

    private static string SelfSignedPem(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return certificate.ExportCertificatePem();
    }

    public void Dispose()
    {
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}
