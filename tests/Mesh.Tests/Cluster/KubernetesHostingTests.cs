using System.Net;
using Mesh.Silo.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Hosting.Kubernetes;

namespace Mesh.Tests.Cluster;

/// <summary>
/// With Mesh:KubernetesHosting the silo is configured from the pod's environment by Orleans' own
/// hosting package, while membership stays on PostgreSQL. The host is built, not started: starting
/// needs an API server for the pod agent and a database.
/// </summary>
public sealed class KubernetesHostingTests
{
    private static readonly Dictionary<string, string> Pod = new()
    {
        [KubernetesHostingOptions.PodNameEnvironmentVariable] = "mesh-2",
        [KubernetesHostingOptions.PodNamespaceEnvironmentVariable] = "mesh-system",
        [KubernetesHostingOptions.PodIPEnvironmentVariable] = "10.244.1.17",
        [KubernetesHostingOptions.ClusterIdEnvironmentVariable] = "blue",
        [KubernetesHostingOptions.ServiceIdEnvironmentVariable] = "mesh-prod",
    };

    [Fact]
    public void The_silo_takes_its_name_address_and_ids_from_the_pod_and_keeps_postgres_membership()
    {
        // These variables are read by no other test: only Kubernetes hosting reads them.
        foreach (var (name, value) in Pod) Environment.SetEnvironmentVariable(name, value);
        try
        {
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Test", Args = TestHostArguments.NoConfigReload });
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Mesh:Cluster"] = "Postgres",
                ["Mesh:KubernetesHosting"] = "true",
                ["Mesh:Postgres:ConnectionString"] = "Host=db.invalid;Database=mesh",
                ["Mesh:SiloPort"] = "11111",
                ["Mesh:GatewayPort"] = "30000",
                ["Mesh:Dashboard"] = "false",
            });
            builder.AddMesh();
            using var app = builder.Build();
            var services = app.Services;

            services.GetRequiredService<IOptions<SiloOptions>>().Value.SiloName.ShouldBe("mesh-2");
            var cluster = services.GetRequiredService<IOptions<ClusterOptions>>().Value;
            (cluster.ClusterId, cluster.ServiceId).ShouldBe(("blue", "mesh-prod"));
            var endpoints = services.GetRequiredService<IOptions<EndpointOptions>>().Value;
            endpoints.AdvertisedIPAddress.ShouldBe(IPAddress.Parse("10.244.1.17"));
            endpoints.SiloListeningEndpoint.ShouldBe(new IPEndPoint(IPAddress.Any, 11111));
            endpoints.GatewayListeningEndpoint.ShouldBe(new IPEndPoint(IPAddress.Any, 30000));
            services.GetRequiredService<IOptions<KubernetesHostingOptions>>().Value.DeleteDefunctSiloPods.ShouldBeFalse();

            var registered = builder.Services.Select(d => d.ImplementationType?.Name).ToList();
            registered.ShouldContain(nameof(KubernetesClusterAgent));
            builder.Services.Single(d => d.ServiceType == typeof(IMembershipTable)).ImplementationType!.Name.ShouldStartWith("AdoNet");
        }
        finally
        {
            foreach (var name in Pod.Keys) Environment.SetEnvironmentVariable(name, null);
        }
    }

    [Fact]
    public void Without_kubernetes_hosting_the_pod_agent_is_not_registered()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Test", Args = TestHostArguments.NoConfigReload });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Mesh:Cluster"] = "Postgres",
            ["Mesh:Postgres:ConnectionString"] = "Host=db.invalid;Database=mesh",
            ["Mesh:Dashboard"] = "false",
        });
        builder.AddMesh();

        builder.Services.ShouldNotContain(d => d.ImplementationType == typeof(KubernetesClusterAgent));
    }
}
