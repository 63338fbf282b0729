using Mesh.Silo.Hosting;

namespace Mesh.Tests.Cluster;

/// <summary>Cluster settings are checked at start-up, and the messages name the keys to fix.</summary>
public sealed class ClusterOptionsTests
{
    private static readonly Dictionary<string, string> Pod = new()
    {
        ["POD_NAME"] = "mesh-0", ["POD_NAMESPACE"] = "mesh-system", ["POD_IP"] = "10.0.0.7",
    };

    private static IEnumerable<string> Failures(MeshOptions options, IReadOnlyDictionary<string, string>? environment = null) =>
        new MeshOptionsValidator(name => environment?.GetValueOrDefault(name)).Validate(null, options).Failures ?? [];

    private static MeshOptions KubernetesHosted() =>
        new() { Cluster = MeshClusterMode.Postgres, KubernetesHosting = true, Postgres = { ConnectionString = "Host=db;Database=mesh" } };

    [Fact]
    public void Embedded_mode_needs_no_connection_string() =>
        Failures(new MeshOptions()).ShouldBeEmpty();

    [Fact]
    public void Postgres_mode_without_a_connection_string_names_both_keys()
    {
        var failure = Failures(new MeshOptions { Cluster = MeshClusterMode.Postgres }).ShouldHaveSingleItem();

        failure.ShouldContain("ConnectionStrings:Mesh");
        failure.ShouldContain("Mesh:Postgres:ConnectionString");
    }

    [Fact]
    public void A_malformed_connection_string_is_refused_with_the_reason()
    {
        var options = new MeshOptions { Cluster = MeshClusterMode.Postgres, Postgres = { ConnectionString = "Host=x;Bogus Key=1" } };

        Failures(options).ShouldHaveSingleItem().ShouldContain("not a valid PostgreSQL connection string");
    }

    [Fact]
    public void An_advertised_address_must_be_an_ip_address() =>
        Failures(new MeshOptions { AdvertisedIPAddress = "silo-a.local" }).ShouldHaveSingleItem().ShouldContain("Mesh:AdvertisedIPAddress");

    [Fact]
    public void Cluster_and_service_ids_must_not_be_empty()
    {
        var failures = Failures(new MeshOptions { ClusterId = " ", ServiceId = "" }).ToList();

        failures.ShouldContain(f => f.Contains("Mesh:ClusterId"));
        failures.ShouldContain(f => f.Contains("Mesh:ServiceId"));
    }

    [Fact]
    public void Kubernetes_hosting_is_off_by_default_so_no_pod_environment_is_needed()
    {
        new MeshOptions().KubernetesHosting.ShouldBeFalse();
        Failures(new MeshOptions { Cluster = MeshClusterMode.Postgres, Postgres = { ConnectionString = "Host=db" } }).ShouldBeEmpty();
    }

    [Fact]
    public void Kubernetes_hosting_in_a_pod_with_its_environment_is_valid() =>
        Failures(KubernetesHosted(), Pod).ShouldBeEmpty();

    [Fact]
    public void Kubernetes_hosting_needs_postgres_cluster_mode()
    {
        var options = KubernetesHosted();
        options.Cluster = MeshClusterMode.Embedded;

        Failures(options, Pod).ShouldHaveSingleItem().ShouldContain("Mesh:Cluster=Postgres");
    }

    [Fact]
    public void Kubernetes_hosting_names_each_missing_pod_variable()
    {
        var failures = Failures(KubernetesHosted(), new Dictionary<string, string> { ["POD_NAME"] = "mesh-0" }).ToList();

        failures.Count.ShouldBe(2);
        failures.ShouldContain(f => f.Contains("POD_NAMESPACE") && f.Contains("Mesh:KubernetesHosting"));
        failures.ShouldContain(f => f.Contains("POD_IP"));
    }

    [Fact]
    public void Kubernetes_hosting_refuses_an_advertised_address_of_its_own()
    {
        var options = KubernetesHosted();
        options.AdvertisedIPAddress = "10.0.0.8";

        Failures(options, Pod).ShouldHaveSingleItem().ShouldContain("Mesh:AdvertisedIPAddress must be unset");
    }
}
