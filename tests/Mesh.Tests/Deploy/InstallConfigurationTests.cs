using Mesh.Silo.Hosting;
using Microsoft.Extensions.Configuration;

namespace Mesh.Tests.Deploy;

/// <summary>The cluster install configures the silo through keys the silo actually binds.</summary>
public sealed class InstallConfigurationTests
{
    [Fact]
    public void The_install_runs_the_silo_in_postgres_cluster_mode_with_valid_options()
    {
        var documents = DeployFiles.Documents(DeployFiles.Full("500-mesh.yaml"));
        var settings = new Dictionary<string, string?>();
        foreach (var (key, value) in documents.Single(d => (string?)d["kind"] == "ConfigMap")["data"]!.AsObject())
            settings[key.Replace("__", ":")] = value?.ToString();

        var container = documents.Single(d => (string?)d["kind"] == "StatefulSet")["spec"]!["template"]!["spec"]!["containers"]![0]!;
        foreach (var env in container["env"]!.AsArray())
        {
            var name = ((string)env!["name"]!).Replace("__", ":");
            if (!name.StartsWith("Mesh:", StringComparison.Ordinal)) continue;
            // Values the cluster fills in at run time (downward API, secrets) get stand-ins here.
            settings[name] = env["value"]?.ToString() ?? env["valueFrom"] switch
            {
                { } from when from["secretKeyRef"] is not null => "Host=db;Database=mesh;Username=mesh;Password=x",
                { } from when (string?)from["fieldRef"]?["fieldPath"] == "status.podIP" => "10.0.0.7",
                _ => "from-the-pod",
            };
        }

        var options = new ConfigurationBuilder().AddInMemoryCollection(settings).Build()
            .GetSection(MeshOptions.Section).Get<MeshOptions>()!;

        options.Cluster.ShouldBe(MeshClusterMode.Postgres);
        options.Postgres.ConnectionString.ShouldNotBeNullOrEmpty();
        options.AdvertisedIPAddress.ShouldBe("10.0.0.7");
        var result = new MeshOptionsValidator().Validate(null, options);
        result.Failed.ShouldBeFalse(result.FailureMessage);
    }
}
