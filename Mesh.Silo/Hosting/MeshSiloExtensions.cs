using Mesh.Gateway.Hosting;
using Mesh.Grains.Brokers;
using Mesh.Grains.Delivery;
using Mesh.Grains.Hosting;
using Mesh.Operator.Hosting;
using Mesh.Silo.Hosting.Journal;
using Mesh.Silo.Hosting.Postgres;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using Orleans.Configuration;
using Orleans.Dashboard;

namespace Mesh.Silo.Hosting;

public static class MeshSiloExtensions
{
    /// <summary>Hosts the whole mesh in this process: the silo, the gateway, the operator, metrics and health.</summary>
    public static WebApplicationBuilder AddMesh(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(MeshOptions.Section).Get<MeshOptions>() ?? new MeshOptions();
        UseSharedConnectionString(options, builder.Configuration);
        var failures = new MeshOptionsValidator().Validate(null, options);
        if (failures.Failed) throw new OptionsValidationException(MeshOptions.Section, typeof(MeshOptions), failures.Failures);
        builder.Services.AddOptions<MeshOptions>().BindConfiguration(MeshOptions.Section)
            .PostConfigure<IConfiguration>(UseSharedConnectionString).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<MeshOptions>>(new MeshOptionsValidator());

        if (options.Cluster == MeshClusterMode.Embedded) Directory.CreateDirectory(options.DataDirectory);
        builder.UseOrleans(silo =>
        {
            if (options.Cluster == MeshClusterMode.Postgres)
            {
                silo.AddMeshPostgresCluster(options);
            }
            else
            {
                silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort);
                silo.Configure<ClusterOptions>(c => { c.ClusterId = "mesh"; c.ServiceId = "mesh"; });
                silo.AddMeshStorage(options);
            }
            silo.AddBroadcastChannel(BrokerBroadcast.BroadcastProviderName, channel => channel.FireAndForgetDelivery = false);
            if (options.Dashboard) silo.AddDashboard();
            silo.AddOrleansSettings();
        });

        builder.Services.AddMeshJournal(options);
        builder.Services.AddMeshGrains();
        builder.Services.AddMeshGateway();
        builder.Services.AddMeshOperator();
        builder.Services.AddHealthChecks();
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(MeshMetrics.MeterName)
            .AddPrometheusExporter());
        return builder;
    }

    private static void UseSharedConnectionString(MeshOptions options, IConfiguration configuration) =>
        options.Postgres.ConnectionString ??= configuration.GetConnectionString("Mesh");

    /// <summary>Maps every address the mesh serves on its one port.</summary>
    public static WebApplication MapMesh(this WebApplication app)
    {
        app.MapGet("/healthz", () => Results.Ok("ok"));
        app.MapHealthChecks("/readyz", new() { Predicate = check => check.Tags.Contains("ready") });
        app.MapPrometheusScrapingEndpoint("/metrics");
        if (app.Services.GetRequiredService<IOptions<MeshOptions>>().Value.Dashboard)
            app.MapOrleansDashboard(routePrefix: "/dashboard");
        app.MapMeshOperator();
        app.MapMeshGateway();
        return app;
    }
}
