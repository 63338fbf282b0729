using Mesh.Grains.Sources.ApiServer;
using Mesh.Grains.Sources.GitHub;
using Mesh.Grains.Sources.Ping;
using Mesh.Grains.Subscriptions;
using Mesh.Grains.Triggers;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace Mesh.Grains.Durability;

/// <summary>
/// Durable mode: once the host has started, and every <see cref="JournalOptions.RecoveryInterval"/> after,
/// asks each trigger, subscription and source the journal says still owes deliveries to pick them up.
/// This is what brings back a consumer whose silo died (nothing else would activate it) and
/// re-sends a hand-off lost with a router's silo; an active consumer already holding them ignores
/// the duplicates.
/// </summary>
public sealed partial class JournalRecovery(
    IEventJournal journal,
    IGrainFactory grains,
    IOptions<JournalOptions> options,
    TimeProvider time,
    ILogger<JournalRecovery> logger,
    IHostApplicationLifetime? lifetime = null) : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly CancellationTokenSource _stopping = new();
    private Task? _loop;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(JournalRecovery), ServiceLifecycleStage.Active, Start, Stop);

    private Task Start(CancellationToken cancellationToken)
    {
        if (journal.IsDurable) _loop = Task.Run(LoopAsync);
        return Task.CompletedTask;
    }

    private async Task Stop(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        if (_loop is not null) await _loop.WaitAsync(cancellationToken).ContinueWith(_ => { });
    }

    private async Task LoopAsync()
    {
        // The silo is up before the server listens: a delivery resumed now whose reply goes to one
        // of the mesh's own brokers or channels would be refused and wait a whole retry interval.
        if (lifetime is not null && !await StartedAsync(lifetime.ApplicationStarted)) return;
        using var timer = new PeriodicTimer(options.Value.RecoveryInterval, time);
        do
        {
            try
            {
                await RecoverOnceAsync(_stopping.Token);
            }
            catch (Exception e) when (!_stopping.IsCancellationRequested)
            {
                LogRecoveryFailed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(_stopping.Token).AsTask().ContinueWith(t => t.IsCompletedSuccessfully && t.Result));
    }

    private async Task<bool> StartedAsync(CancellationToken started)
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = started.Register(() => signal.TrySetResult());
        await signal.Task.WaitAsync(_stopping.Token).ContinueWith(_ => { });
        return signal.Task.IsCompleted;
    }

    /// <summary>One pass: every consumer with pending deliveries is asked to resume them.</summary>
    public async Task RecoverOnceAsync(CancellationToken cancellationToken)
    {
        var consumers = await journal.ConsumersWithPendingAsync(cancellationToken);
        await Parallel.ForEachAsync(consumers, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (consumer, _) =>
        {
            try
            {
                await ResumeAsync(consumer);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogResumeFailed(logger, e, consumer);
            }
        });
    }

    private Task ResumeAsync(string consumer)
    {
        var key = JournalNames.KeyOf(consumer);
        if (consumer == JournalNames.Trigger(key)) return grains.GetGrain<ITriggerGrain>(key).Resume();
        if (consumer == JournalNames.Subscription(key)) return grains.GetGrain<ISubscriptionGrain>(key).Resume();
        if (consumer == JournalNames.PingSource(key)) return grains.GetGrain<IPingSourceGrain>(key).Resume();
        if (consumer == JournalNames.GitHubSource(key)) return grains.GetGrain<IGitHubSourceGrain>(key).Resume();
        if (consumer == JournalNames.ApiServerSource(key)) return grains.GetGrain<IApiServerSourceGrain>(key).Resume();
        // Written by a newer version, or by hand: nothing here can deliver it, and nothing is lost by leaving it.
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Journal recovery pass failed; retrying at the next interval")]
    private static partial void LogRecoveryFailed(ILogger logger, Exception e);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Journal recovery could not resume {Consumer}")]
    private static partial void LogResumeFailed(ILogger logger, Exception e, string consumer);
}
