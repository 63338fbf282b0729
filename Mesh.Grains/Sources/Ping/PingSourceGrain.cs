using Mesh.Grains.Delivery;
using Mesh.Grains.Events;
using Microsoft.Extensions.Logging;

namespace Mesh.Grains.Sources.Ping;

// Always active: the timer lives in the activation, and the operator's resync re-activates it after a restart.
[GrainType("mesh.pingsource"), CollectionAgeLimit(AlwaysActive = true)]
public sealed partial class PingSourceGrain(
    [PersistentState("pingsource", "mesh")] IPersistentState<PingSourceState> state,
    DeliveryServices delivery,
    TimeProvider time,
    ILogger<PingSourceGrain> logger) : Grain, IPingSourceGrain
{
    public const string EventType = "dev.knative.sources.ping";

    private IGrainTimer? _timer;
    private DateTimeOffset? _armedFor;
    private PingSchedule? _schedule;
    private Dispatcher? _dispatcher;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Apply();
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _timer?.Dispose();
        if (_dispatcher is not null) await _dispatcher.DisposeAsync();
    }

    public async Task Configure(PingSourceSpec spec)
    {
        state.State.Spec = spec;
        await state.WriteStateAsync();
        Apply();
    }

    public async Task Remove()
    {
        _timer?.Dispose();
        _timer = null;
        _armedFor = null;
        if (_dispatcher is not null)
        {
            await _dispatcher.DisposeAsync();
            _dispatcher = null;
        }
        if (state.RecordExists) await state.ClearStateAsync();
        state.State = new PingSourceState();
        DeactivateOnIdle();
    }

    public Task<DateTimeOffset?> NextTick() => Task.FromResult(_armedFor);

    private void Apply()
    {
        _timer?.Dispose();
        _timer = null;
        _armedFor = null;
        if (state.State.Spec is not { SinkUri: { } sink } spec) return;
        _schedule = PingSchedule.TryParse(spec.Schedule, spec.Timezone, out _);
        if (_schedule is null) return;
        var target = new DispatchTarget(this.GetPrimaryKeyString(), Namespace, new Uri(sink), spec.Delivery)
        {
            CountsBrokerHops = false,
            SubscriberAuth = spec.SinkAuth,
            Scope = Telemetry.DeliveryScope.Source("pingsources", this.GetPrimaryKeyString()),
            Sender = Identity.OidcSubjects.For("sources.knative.dev", "PingSource", this.GetPrimaryKeyString()),
        };
        if (_dispatcher is null) _dispatcher = delivery.CreateDispatcher(target, replies: null);
        else _dispatcher.Target = target;
        Arm(_schedule.NextTick(time, state.State.LastTick));
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
        if (_armedFor is not { } tick || state.State.Spec is not { } spec || _schedule is null) return;
        _timer?.Dispose();
        _timer = null;
        // Timers may fire a little early; never emit a tick before its time.
        if (time.GetUtcNow() < tick)
        {
            Arm(tick);
            return;
        }
        if (state.State.LastTick is not { } last || tick > last)
        {
            // Written before the event leaves: after a crash the tick is lost rather than sent twice.
            state.State.LastTick = tick;
            await state.WriteStateAsync();
            _dispatcher?.Enqueue(Event(spec, tick));
            LogTick(logger, this.GetPrimaryKeyString(), tick);
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

    private string Namespace => this.GetPrimaryKeyString().Split('/')[0];

    [LoggerMessage(Level = LogLevel.Debug, Message = "PingSource {Source} ticked for {Tick}")]
    private static partial void LogTick(ILogger logger, string source, DateTimeOffset tick);
}
