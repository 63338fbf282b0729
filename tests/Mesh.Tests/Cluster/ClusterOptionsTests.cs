using Mesh.Silo.Hosting;

namespace Mesh.Tests.Cluster;

/// <summary>Cluster settings are checked at start-up, and the messages name the keys to fix.</summary>
public sealed class ClusterOptionsTests
{
    private static IEnumerable<string> Failures(MeshOptions options) =>
        new MeshOptionsValidator().Validate(null, options).Failures ?? [];

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
}
