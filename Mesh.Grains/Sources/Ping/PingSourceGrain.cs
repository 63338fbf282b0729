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

    private IGrainTimer? _timer;
    private DateTimeOffset? _armedFor;
    private PingSchedule? _schedule;

    protected override string Consumer => JournalNames.PingSource(Key);

    protected override bool Exists => Storage.State.Spec is not null;

    protected override DispatchTarget? CurrentTarget() => Storage.State.Spec is { SinkUri: { } sink } spec && _schedule is not null
        ? new DispatchTarget(Key, Namespace, new Uri(sink), spec.Delivery) { CountsBrokerHops = false, AsksForReplies = false }
        : null;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await ApplyAsync(cancellationToken);
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
        await ApplyAsync(CancellationToken.None);
    }

    public async Task Remove()
    {
        Disarm();
        await RemoveDeliveringAsync();
    }

    public Task<DateTimeOffset?> NextTick() => Task.FromResult(_armedFor);

    private async Task ApplyAsync(CancellationToken cancellationToken)
    {
        Disarm();
        _schedule = Storage.State.Spec is { SinkUri: not null } spec ? PingSchedule.TryParse(spec.Schedule, spec.Timezone, out _) : null;
        await ApplyTargetAsync(cancellationToken);
        if (_schedule is not null) Arm(_schedule.NextTick(time, Storage.State.LastTick));
    }

    private void Disarm()
    {
        _timer?.Dispose();
        _timer = null;
        _armedFor = null;
    }

    private void Arm(DateTimeOffset? tick)
    {
        _armedFor = tick;
        if (tick is null) return;
        var due = tick.Value - time.GetUtcNow();
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
            // Written before the event leaves: after a crash the tick is lost rather than sent twice.
            Storage.State.LastTick = tick;
            await Storage.WriteStateAsync();
            Dispatcher?.Enqueue(Event(spec, tick));
            LogTick(logger, Key, tick);
        }
        var now = time.GetUtcNow();
        Arm(_schedule.NextAfter(tick > now ? tick : now));
    }

    private static EventEnvelope Event(PingSourceSpec spec, DateTimeOffset tick)
    {
        var attributes = new Dictionary<string, string>(spec.Extensions, StringComparer.Ordinal)
        {
            [CloudEventNames.SpecVersion] = "1.0",
            [CloudEventNames.Id] = Guid.NewGuid().ToString(),
            [CloudEventNames.Type] = EventType,
            [CloudEventNames.Source] = spec.Source,
            [CloudEventNames.Time] = tick.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", System.Globalization.CultureInfo.InvariantCulture),
        };
        if (spec.ContentType is { } contentType) attributes[CloudEventNames.DataContentType] = contentType;
        return new EventEnvelope(attributes, spec.Data);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "PingSource {Source} ticked for {Tick}")]
    private static partial void LogTick(ILogger logger, string source, DateTimeOffset tick);
}
