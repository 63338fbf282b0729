using Mesh.Grains.Tail;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace Mesh.Grains.Telemetry;

/// <summary>
/// This silo's side of the telemetry hub: registers once the silo is active and every minute after
/// (so a hub that moved or restarted learns of it again), applies the taps it is told, and answers
/// with this process's counts and failures.
/// </summary>
public sealed partial class SiloTelemetryAgent(
    IGrainFactory grains,
    MeshMetrics metrics,
    TapBoard taps,
    TimeProvider time,
    ILogger<SiloTelemetryAgent> logger) : ISiloTelemetry, ILifecycleParticipant<ISiloLifecycle>
{
    public static readonly TimeSpan RegisterEvery = TimeSpan.FromMinutes(1);

    private readonly CancellationTokenSource _stopping = new();
    private ISiloTelemetry? _reference;
    private Task? _loop;
    private long _version;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(SiloTelemetryAgent), ServiceLifecycleStage.Active, Start, Stop);

    private async Task Start(CancellationToken cancellationToken)
    {
        _reference = grains.CreateObjectReference<ISiloTelemetry>(this);
        await RegisterAsync();
        _loop = Task.Run(LoopAsync);
    }

    private async Task Stop(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        if (_loop is not null) await _loop.WaitAsync(cancellationToken).ContinueWith(_ => { });
        if (_reference is not null) grains.DeleteObjectReference<ISiloTelemetry>(_reference);
    }

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(RegisterEvery, time);
        while (await timer.WaitForNextTickAsync(_stopping.Token).AsTask().ContinueWith(t => t.IsCompletedSuccessfully && t.Result))
            await RegisterAsync();
    }

    private async Task RegisterAsync()
    {
        try
        {
            await grains.GetGrain<ITelemetryHubGrain>(ITelemetryHubGrain.Key).Register(_reference!);
        }
        catch (Exception e) when (!_stopping.IsCancellationRequested)
        {
            LogRegisterFailed(logger, e);
        }
    }

    public Task SetTaps(string[] keys, long version)
    {
        lock (taps)
        {
            if (version < _version) return Task.CompletedTask;
            _version = version;
            taps.Set(keys);
        }
        return Task.CompletedTask;
    }

    public Task<ObjectStats[]> Stats() => Task.FromResult(metrics.Snapshot().ToArray());

    public Task<FailureRecord[]> Failures(string key) => Task.FromResult(metrics.FailuresOf(key).ToArray());

    [LoggerMessage(Level = LogLevel.Warning, Message = "This silo could not register with the telemetry hub; tails and the topology page may miss it until the next try")]
    private static partial void LogRegisterFailed(ILogger logger, Exception e);
}
