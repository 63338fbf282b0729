using System.Net;
using Orleans.Configuration;
using Orleans.Hosting.Kubernetes;

namespace Mesh.Silo.Hosting.Kubernetes;

/// <summary>Cluster mode inside a Kubernetes pod: Orleans' Kubernetes hosting beside PostgreSQL membership.</summary>
public static class MeshKubernetesHostingExtensions
{
    /// <summary>
    /// Takes the silo's name, advertised IP and cluster and service ids from the pod's environment
    /// (see <see cref="MeshOptions.KubernetesHosting"/>), listens on every address at the configured
    /// ports, and lets the silo declare dead, in the membership table, silos whose pod is gone.
    /// </summary>
    public static ISiloBuilder UseMeshKubernetesHosting(this ISiloBuilder silo, MeshOptions options)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(options);
        // The hosting fills in the listening endpoints (any address) where they are unset. It means
        // to fill in the advertised address from POD_IP as well, but Orleans' own default runs
        // before it and takes the host's first IPv4 address, so the pod's IP is set here.
        silo.Configure<EndpointOptions>(endpoints =>
        {
            endpoints.SiloPort = options.SiloPort;
            endpoints.GatewayPort = options.GatewayPort;
            if (Environment.GetEnvironmentVariable(KubernetesHostingOptions.PodIPEnvironmentVariable) is { } podIP)
                endpoints.AdvertisedIPAddress = IPAddress.Parse(podIP);
        });
        // Registered after the mesh's own ClusterOptions, so that ORLEANS_CLUSTER_ID and
        // ORLEANS_SERVICE_ID (the pod's labels) win where the pod sets them.
        // Pods stay the StatefulSet's to delete: a silo wrongly voted dead (a long pause) would
        // otherwise lose its pod to a peer, and the role in deploy/base/200-rbac.yaml grants no delete.
        return silo.UseKubernetesHosting(hosting => hosting.Configure(o => o.DeleteDefunctSiloPods = false));
    }
}
