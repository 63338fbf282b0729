using k8s.LeaderElection;
using Mesh.Operator.Controller;
using Mesh.Operator.Resources;
using k8s.LeaderElection.ResourceLock;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mesh.Operator.Kinds.Broker;

namespace Mesh.Operator.Kubernetes;

/// <summary>
/// In Kubernetes mode: campaigns for the Lease, and while it leads, watches every kind. Every
/// instance serves the data plane; only the leader writes declarations and status.
/// </summary>
public sealed partial class KubernetesOperator(
    IServiceProvider services, KindClients clients, SecretWatches secretWatches, ApiServerReachability reachability,
    IOptions<OperatorModeOptions> mode, IOptions<KubernetesOptions> options, IHostApplicationLifetime lifetime, ILogger<KubernetesOperator> logger)
    : BackgroundService, IHealthCheck
{
    private volatile KindWatcher[]? _watchers;
    private volatile bool _leading;
    private volatile string? _leader;

    public bool IsLeader => _leading;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (mode.Value.Mode != OperatorMode.Kubernetes) return;
        var started = new TaskCompletionSource();
        using var registration = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await started.Task.WaitAsync(stoppingToken);
        var o = options.Value;
        var config = new LeaderElectionConfig(new PatientLeaseLock(new LeaseLock(clients.Client, o.LeaseNamespace, o.LeaseName, o.Identity)))
        {
            LeaseDuration = o.LeaseDuration,
            RenewDeadline = o.RenewDeadline,
            RetryPeriod = o.RetryPeriod,
        };
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await LeadWhileElectedAsync(config, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogElectionFailed(logger, e);
                await Task.Delay(o.RetryPeriod, stoppingToken);
            }
        }
    }

    private async Task LeadWhileElectedAsync(LeaderElectionConfig config, CancellationToken stoppingToken)
    {
        using var elector = new LeaderElector(config);
        using var leading = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var work = Task.CompletedTask;
        elector.OnNewLeader += leader => _leader = leader;
        elector.OnError += e => LogLeaseAttemptFailed(logger, e.Message);
        elector.OnStartedLeading += () =>
        {
            _leading = true;
            LogLeading(logger, options.Value.Identity);
            work = WatchAllAsync(leading.Token);
        };
        elector.OnStoppedLeading += () =>
        {
            if (_leading && !stoppingToken.IsCancellationRequested) LogStoppedLeading(logger, options.Value.Identity);
            _leading = false;
            leading.Cancel();
        };
        try
        {
            await elector.RunUntilLeadershipLostAsync(stoppingToken);
        }
        finally
        {
            _leading = false;
            await leading.CancelAsync();
            try { await work; } catch (OperationCanceledException) { }
            _watchers = null;
        }
    }

    private Task WatchAllAsync(CancellationToken cancellation)
    {
        var declarations = services.GetRequiredService<KubernetesDeclarations>();
        var kinds = clients.All.ToList();
        services.GetRequiredService<BrokerClassRule>().BeginTerm(brokersWatched: kinds.Any(c => c.Kind.Equals(BrokerKind.Resource)));
        var watchers = kinds.Select(c => new KindWatcher(c, declarations.HandlerFor(c), logger)).ToArray();
        _watchers = watchers;
        secretWatches.Start(services.GetRequiredService<SecretChanges>(), cancellation);
        services.GetRequiredService<ApiServerWatches>().Start(cancellation);
        services.GetRequiredService<AddressableWatches>().Start(services.GetRequiredService<AddressableChanges>().For, cancellation);
        // A retry after backoff (a GitHub API error) changes status with no watch event to carry it back.
        services.GetRequiredService<RequeueTimers>().AfterRequeue = declarations.FlushStatusAsync;
        return Task.WhenAll(watchers.Select(w => Task.Run(() => w.RunAsync(cancellation), cancellation)));
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (mode.Value.Mode != OperatorMode.Kubernetes) return Task.FromResult(HealthCheckResult.Healthy("local mode"));
        if (reachability.Problem(options.Value.UnreachableAfter) is { } problem) return Task.FromResult(HealthCheckResult.Unhealthy(problem));
        if (!_leading) return Task.FromResult(HealthCheckResult.Healthy($"standing by; the leader is {_leader ?? "not known yet"}"));
        var pending = (_watchers ?? []).Where(w => !w.Synced).Select(w => w.Name).ToList();
        return Task.FromResult(_watchers is not null && pending.Count == 0
            ? HealthCheckResult.Healthy("leading; every kind listed and watched")
            : HealthCheckResult.Unhealthy($"leading; not yet listed: {string.Join(", ", pending)}"));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Operator {Identity} is leading: watching the cluster's declarations")]
    private static partial void LogLeading(ILogger logger, string identity);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Operator {Identity} could not renew the Lease in time and stopped leading; campaigning again")]
    private static partial void LogStoppedLeading(ILogger logger, string identity);

    [LoggerMessage(Level = LogLevel.Debug, Message = "A Lease attempt failed: {Reason}")]
    private static partial void LogLeaseAttemptFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Leader election failed; campaigning again")]
    private static partial void LogElectionFailed(ILogger logger, Exception e);
}
