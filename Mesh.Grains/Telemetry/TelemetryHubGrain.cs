using Orleans.Concurrency;

namespace Mesh.Grains.Telemetry;

// Reentrant: gathering from silos must not wait behind a tail opening. Every change is made before
// the first await of a call, and pushes carry a version, so interleaving cannot reorder them.
[GrainType("mesh.telemetry-hub"), Reentrant, CollectionAgeLimit(AlwaysActive = true)]
public sealed class TelemetryHubGrain(TimeProvider time) : Grain, ITelemetryHubGrain
{
    /// <summary>A silo that has not registered again for this long is forgotten.</summary>
    public static readonly TimeSpan SiloLease = TimeSpan.FromMinutes(3);

    private readonly Dictionary<ISiloTelemetry, DateTimeOffset> _silos = [];
    private readonly Dictionary<string, Dictionary<Guid, DateTimeOffset>> _taps = new(StringComparer.Ordinal);
    private long _version;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        this.RegisterGrainTimer(ExpireAsync, new GrainTimerCreationOptions(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5)));
        return Task.CompletedTask;
    }

    public Task Register(ISiloTelemetry silo)
    {
        _silos[silo] = time.GetUtcNow() + SiloLease;
        return PushAsync([silo]);
    }

    public Task OpenTap(string key, Guid tail, TimeSpan lease)
    {
        if (!_taps.TryGetValue(key, out var tails)) _taps[key] = tails = [];
        var isNew = tails.Count == 0;
        tails[tail] = time.GetUtcNow() + lease;
        return isNew ? PushAsync([.. _silos.Keys]) : Task.CompletedTask;
    }

    public Task CloseTap(string key, Guid tail)
    {
        if (!_taps.TryGetValue(key, out var tails) || !tails.Remove(tail) || tails.Count > 0) return Task.CompletedTask;
        _taps.Remove(key);
        return PushAsync([.. _silos.Keys]);
    }

    public async Task<ObjectStats[]> Stats()
    {
        var merged = new Dictionary<string, ObjectStats>(StringComparer.Ordinal);
        foreach (var stats in await GatherAsync(silo => silo.Stats()))
            foreach (var s in stats)
                merged[s.Key] = merged.TryGetValue(s.Key, out var sum) ? sum.Plus(s) : s;
        return [.. merged.Values];
    }

    public async Task<FailureRecord[]> Failures(string key) =>
        [.. (await GatherAsync(silo => silo.Failures(key))).SelectMany(f => f).OrderByDescending(f => f.At).Take(50)];

    private async Task<T[][]> GatherAsync<T>(Func<ISiloTelemetry, Task<T[]>> ask)
    {
        var answers = await Task.WhenAll(_silos.Keys.ToList().Select(async silo =>
        {
            try
            {
                return await ask(silo).WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A silo that left: it is forgotten when its registration runs out.
                return [];
            }
        }));
        return answers;
    }

    private Task ExpireAsync(CancellationToken cancellation)
    {
        var now = time.GetUtcNow();
        foreach (var (silo, until) in _silos.ToList())
            if (until < now) _silos.Remove(silo);
        var changed = false;
        foreach (var (key, tails) in _taps.ToList())
        {
            foreach (var (tail, until) in tails.ToList())
                if (until < now) tails.Remove(tail);
            if (tails.Count == 0) changed |= _taps.Remove(key);
        }
        return changed ? PushAsync([.. _silos.Keys]) : Task.CompletedTask;
    }

    private async Task PushAsync(IReadOnlyList<ISiloTelemetry> silos)
    {
        var keys = _taps.Keys.ToArray();
        // Versions outlive this activation: a hub that restarts must not count from zero again.
        var version = _version = Math.Max(_version + 1, time.GetUtcNow().UtcTicks);
        await Task.WhenAll(silos.Select(async silo =>
        {
            try
            {
                await silo.SetTaps(keys, version).WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Unreachable now; it gets the taps again when it registers.
            }
        }));
    }
}
