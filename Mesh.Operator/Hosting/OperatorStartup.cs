using Mesh.Operator.Controller;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Mesh.Operator.Hosting;

/// <summary>
/// Once the host has started, reconciles every stored declaration, so that routing resumes after a
/// restart without anything being re-applied; the mesh reports ready only after that.
/// </summary>
public sealed partial class OperatorStartup(Resync resync, IHostApplicationLifetime lifetime, ILogger<OperatorStartup> logger)
    : BackgroundService, IHealthCheck
{
    private volatile bool _synced;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Addresses are only known once the server listens, and grains only once the silo runs.
        var started = new TaskCompletionSource();
        using var registration = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await started.Task.WaitAsync(stoppingToken);
        for (var attempt = 1; !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                await resync.ResyncAllAsync(stoppingToken);
                _synced = true;
                LogSynced(logger);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogResyncFailed(logger, e, attempt);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(30, attempt)), stoppingToken);
            }
        }
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_synced
            ? HealthCheckResult.Healthy("declarations reconciled")
            : HealthCheckResult.Unhealthy("the operator has not yet reconciled the stored declarations"));

    [LoggerMessage(Level = LogLevel.Information, Message = "Operator reconciled all stored declarations")]
    private static partial void LogSynced(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reconciling stored declarations failed (attempt {Attempt}); retrying")]
    private static partial void LogResyncFailed(ILogger logger, Exception e, int attempt);
}
