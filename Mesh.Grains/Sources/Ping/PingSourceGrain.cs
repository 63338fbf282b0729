using Mesh.Grains.Delivery;
using Mesh.Grains.Durability;
using Mesh.Grains.Events;
using Microsoft.Extensions.Logging;

namespace Mesh.Grains.Sources.Ping;

// Always active: the timer lives in the activation, and the operator's resync re-activates it after a restart.
[GrainType("mesh.pingsource"), CollectionAgeLimit(AlwaysActive = true)]
public sealed partial class PingSourceGrain(
    [PersistentState("pingsource", "mesh")] IPersistentState<PingSourceState> state,
    DeliveryServices delivery,
    TimeProvider time,
    ILogger<PingSourceGrain> logger) : DeliveringGrain<PingSourceState>(state, delivery), IPingSourceGrain
{
    public const string EventType = "dev.knative.sources.ping";

    // How soon a tick the journal refused is offered again.
    private static readonly TimeSpan TickRetry = TimeSpan.FromSeconds(1);

    private IGrainTimer? _timer;
    private DateTimeOffset? _armedFor;
    private PingSchedule? _schedule;

    protected override string Consumer => JournalNames.PingSource(Key);

    protected override bool Exists => Storage.State.Spec is not null;

    protected override DispatchTarget? CurrentTarget() => Storage.State.Spec is { SinkUri: { } sink } spec && _schedule is not null
        ? new DispatchTarget(Key, Namespace, new Uri(sink), spec.Delivery)
        {
            CountsBrokerHops = false,
            AsksForReplies = false,
            SubscriberAuth = spec.SinkAuth,
            Scope = Telemetry.DeliveryScope.Source("pingsources", Key),
            Sender = Identity.OidcSubjects.For("sources.knative.dev", "PingSource", Key),
        }
        : null;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Apply();
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        Disarm();
        await base.OnDeactivateAsync(reason, cancellationToken);
    }

    public async Task Configure(PingSourceSpec spec)
    {
        Storage.State.Spec = spec;
        await Storage.WriteStateAsync();
        Apply();
    }

    public async Task Remove()
    {
        Disarm();
        await RemoveDeliveringAsync();
    }

    public Task<DateTimeOffset?> NextTick() => Task.FromResult(_armedFor);

    private void Apply()
    {
        Disarm();
        _schedule = Storage.State.Spec is { SinkUri: not null } spec ? PingSchedule.TryParse(spec.Schedule, spec.Timezone, out _) : null;
        ApplyTarget();
        if (_schedule is not null) Arm(_schedule.NextTick(time, Storage.State.LastTick));
    }

    private void Disarm()
    {
        _timer?.Dispose();
        _timer = null;
        _armedFor = null;
    }

    private void Arm(DateTimeOffset? tick, TimeSpan? retryIn = null)
    {
        _armedFor = tick;
        if (tick is null) return;
        var due = retryIn ?? tick.Value - time.GetUtcNow();
        _timer = this.RegisterGrainTimer(OnTimerAsync, new GrainTimerCreationOptions
        {
            DueTime = due < TimeSpan.Zero ? TimeSpan.Zero : due,
            Period = Timeout.InfiniteTimeSpan,
        });
    }

    private async Task OnTimerAsync(CancellationToken cancellation)
    {
        if (_armedFor is not { } tick || Storage.State.Spec is not { } spec || _schedule is null) return;
        _timer?.Dispose();
        _timer = null;
        // Timers may fire a little early; never emit a tick before its time.
        if (time.GetUtcNow() < tick)
        {
            Arm(tick);
            return;
        }
        if (Storage.State.LastTick is not { } last || tick > last)
        {
            try
            {
                // The tick goes where a broker's event goes: committed to the journal in durable
                // mode, queued in memory mode. Only then is it recorded as fired: a crash in between
                // sends it twice (with the same id), never not at all.
                await AcceptAsync(Event(Key, spec, tick));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogTickRefused(logger, e, Key, tick, TickRetry);
                Arm(tick, TickRetry);
                return;
            }
            Storage.State.LastTick = tick;
            await Storage.WriteStateAsync();
            LogTick(logger, Key, tick);
        }
        var now = time.GetUtcNow();
        Arm(_schedule.NextAfter(tick > now ? tick : now));
    }

    private static EventEnvelope Event(string key, PingSourceSpec spec, DateTimeOffset tick)
    {
        var attributes = new Dictionary<string, string>(spec.Extensions, StringComparer.Ordinal)
        {
            [CloudEventNames.SpecVersion] = "1.0",
            [CloudEventNames.Id] = TickId(key, tick),
            [CloudEventNames.Type] = EventType,
            [CloudEventNames.Source] = spec.Source,
            [CloudEventNames.Time] = tick.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", System.Globalization.CultureInfo.InvariantCulture),
        };
        if (spec.ContentType is { } contentType) attributes[CloudEventNames.DataContentType] = contentType;
        return new EventEnvelope(attributes, spec.Data);
    }

    /// <summary>A UUID derived from the source and the tick, so that a tick sent twice (after a crash) is recognisably one event.</summary>
    internal static string TickId(string key, DateTimeOffset tick)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{key}@{tick.UtcTicks}"));
        // RFC 9562: version 8 (name-based, hash of our choosing), variant 10.
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true).ToString();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "PingSource {Source}: the tick for {Tick} could not be stored; trying again in {Retry}")]
    private static partial void LogTickRefused(ILogger logger, Exception e, string source, DateTimeOffset tick, TimeSpan retry);

    [LoggerMessage(Level = LogLevel.Debug, Message = "PingSource {Source} ticked for {Tick}")]
    private static partial void LogTick(ILogger logger, string source, DateTimeOffset tick);
}
