using Mesh.Gateway.Hosting;
using Mesh.Gateway.Tail;
using Mesh.Grains.Brokers;
using Mesh.Grains.Hosting;
using Mesh.Operator.Auth.Access;
using Mesh.Operator.Hosting;
using Mesh.Silo.Hosting.Journal;
using Mesh.Silo.Hosting.Listeners;
using Mesh.Silo.Hosting.Postgres;
using Mesh.Silo.Hosting.Security;
using Mesh.Silo.Hosting.Telemetry;
using Mesh.Silo.Topology;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
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
        builder.AddMeshListeners();

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
            silo.AddMeshTailStreams();
            if (options.Dashboard) silo.AddDashboard();
            silo.AddOrleansSettings();
        });

        builder.Services.AddMeshJournal(options);
        builder.Services.AddMeshSecurity(options);
        builder.Services.AddMeshGrains();
        builder.Services.AddMeshGateway();
        builder.Services.AddMeshOperator();
        builder.Services.AddHealthChecks();
        builder.AddMeshTelemetry();
        builder.Services.AddMeshTopology();
        builder.Services.AddHostedService<StartupBanner>();
        return builder;
    }

    private static void UseSharedConnectionString(MeshOptions options, IConfiguration configuration) =>
        options.Postgres.ConnectionString ??= configuration.GetConnectionString("Mesh");

    /// <summary>
    /// Maps every address the mesh serves: health on every port; the watcher pages (dashboard,
    /// sign-in) and <c>/metrics</c> behind <c>RequireMeshViewer</c>, on the admin port when there is
    /// one; the rest on the main port (see docs/security.md).
    /// </summary>
    public static WebApplication MapMesh(this WebApplication app)
    {
        app.UseMiddleware<UnhandledExceptionProblems>();
        app.WarnAboutAnonymousAccess();
        app.MapGet("/healthz", () => Results.Ok("ok")).WithMetadata(ListenerScope.Every);
        app.MapHealthChecks("/readyz", new() { Predicate = check => check.Tags.Contains("ready") }).WithMetadata(ListenerScope.Every);
        var metrics = app.MapPrometheusScrapingEndpoint("/metrics").WithMetadata(ListenerScope.Metrics);
        if (app.Services.GetRequiredService<ListenerPlan>().Metrics.Count == 0) metrics.RequireMeshViewer();
        if (app.Services.GetRequiredService<IOptions<MeshOptions>>().Value.Dashboard)
            app.MapOrleansDashboard(routePrefix: "/dashboard").RequireMeshViewer();
        app.MapGet("/", () => Results.Redirect("/ui")).ExcludeFromDescription().WithMetadata(MeshWatcherMetadata.Instance);
        app.MapMeshTopology().RequireMeshViewer();
        app.MapTail().RequireMeshViewerOfObject(kindRouteValue: "plural");
        app.MapMeshOperator();
        app.MapMeshGateway();
        return app;
    }
}
