using Mesh.Grains.Durability;
using Mesh.Grains.Events;

namespace Mesh.Grains.Delivery;

/// <summary>
/// What triggers, subscriptions and sources share: one <see cref="Dispatcher"/> per grain, created
/// when the grain's state first asks for deliveries (then the journal's debts are resumed on it) and
/// retargeted when the state changes; events queued on it, in memory or owed by the journal; and
/// removal, which stops it and forgets what the grain owed. A fix to delivery is made here once.
/// </summary>
/// <remarks>Grain types, keys and persisted states stay the subclasses' own.</remarks>
public abstract class DeliveringGrain<TState>(IPersistentState<TState> storage, DeliveryServices delivery) : Grain
    where TState : class, new()
{
    private Dispatcher? _dispatcher;
    private JournalAppender? _ownStream;
    // While work is about: ticks keep the activation alive, and let it go after a quiet lifetime.
    private IGrainTimer? _idleWatch;
    private bool _workedSinceCheck;

    protected IPersistentState<TState> Storage => storage;

    protected DeliveryServices Delivery => delivery;

    protected string Key => this.GetPrimaryKeyString();

    protected string Namespace => Key[..Key.IndexOf('/')];

    /// <summary>The grain's dispatcher, once its state asked for one.</summary>
    protected Dispatcher? Dispatcher => _dispatcher;

    /// <summary>The journal's name for this grain as a consumer (<see cref="JournalNames"/>).</summary>
    protected abstract string Consumer { get; }

    /// <summary>Whether the grain is declared; one that is not owes nothing.</summary>
    protected abstract bool Exists { get; }

    /// <summary>Where and how to deliver as the state says now, or null while the grain takes no events.</summary>
    protected abstract DispatchTarget? CurrentTarget();

    /// <summary>Where a subscriber's replies go when the target names no reply address; null drops them.</summary>
    protected virtual IReplyTarget? Replies => null;

    /// <summary>
    /// Memory mode: how to tell the producer (router, channel) to journal this grain's events
    /// first, or to stop; called outside the grain's turn. Null when the grain produces its own
    /// events (a source), which then journals them itself while overflowing.
    /// </summary>
    protected virtual Func<bool, Task>? Overflow => null;

    /// <summary>
    /// True for a grain that need not stay in memory while it owes nothing (a trigger): its
    /// dispatcher is made only when work arrives (an event, the journal's recovery), and once it has
    /// been idle for <c>Mesh:Delivery:IdleTriggerLifetime</c> the activation is let go. False keeps
    /// the dispatcher from activation on (a source, which makes its own events).
    /// </summary>
    protected virtual bool ReleasedWhenIdle => false;

    /// <summary>The grain's key for taps and telemetry (<see cref="Telemetry.DeliveryScope.TapKey"/>), when it is <see cref="ReleasedWhenIdle"/>.</summary>
    protected virtual string? TelemetryKey => null;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        ApplyTarget();
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => StopDeliveringAsync(keepTelemetry: true);

    /// <summary>
    /// Points the dispatcher at the current target; creates it the first time the state asks for one
    /// (unless <see cref="ReleasedWhenIdle"/>, which waits for work) and resumes on it what the
    /// journal says this grain still owes.
    /// </summary>
    protected void ApplyTarget()
    {
        if (CurrentTarget() is not { } target) return;
        if (_dispatcher is not null)
        {
            _dispatcher.Target = target;
            return;
        }
        if (!ReleasedWhenIdle) Start(target);
    }

    /// <summary>
    /// For a grain <see cref="ReleasedWhenIdle"/>, after a change of spec: lets the activation go
    /// at once when it has no dispatcher (it never had work); one with a dispatcher is let go by its
    /// idle check.
    /// </summary>
    protected void ReleaseIfIdle()
    {
        if (ReleasedWhenIdle && _dispatcher is null) DeactivateOnIdle();
    }

    // Work arrived: the dispatcher, made now if need be, and the idle check running.
    private Dispatcher? Working()
    {
        if (_dispatcher is null)
        {
            if (CurrentTarget() is not { } target) return null;
            Start(target);
        }
        if (ReleasedWhenIdle)
        {
            _workedSinceCheck = true;
            _idleWatch ??= this.RegisterGrainTimer(CheckIdleAsync, new GrainTimerCreationOptions(delivery.IdleLifetime, delivery.IdleLifetime) { KeepAlive = true });
        }
        return _dispatcher;
    }

    private void Start(DispatchTarget target)
    {
        _dispatcher = delivery.CreateDispatcher(target, Replies, Consumer, Overflow);
        delivery.ResumeOwed(Consumer, _dispatcher, deleted: false);
    }

    // A grain turn of its own. A tick after work skips one lifetime; an idle dispatcher past that is let go.
    private Task CheckIdleAsync(CancellationToken cancellation)
    {
        if (_workedSinceCheck)
        {
            _workedSinceCheck = false;
            return Task.CompletedTask;
        }
        if (_dispatcher is { IsIdle: false }) return Task.CompletedTask;
        _idleWatch?.Dispose();
        _idleWatch = null;
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    /// <summary>Stops delivering, drops what the journal says this grain owed, clears its state and lets it go.</summary>
    protected async Task RemoveDeliveringAsync()
    {
        await StopDeliveringAsync(keepTelemetry: false);
        if (TelemetryKey is { } telemetry) delivery.ForgetTelemetry(telemetry);
        delivery.Journal.Forget(Consumer);
        if (storage.RecordExists) await storage.ClearStateAsync();
        storage.State = new TState();
        DeactivateOnIdle();
    }

    /// <summary>Queues an event held only in memory; answered before delivery.</summary>
    public Task Deliver(EventEnvelope envelope)
    {
        Working()?.Enqueue(envelope);
        return Task.CompletedTask;
    }

    /// <summary>Queues an event the journal holds for this grain at <paramref name="sequence"/> of <paramref name="stream"/>.</summary>
    protected void DeliverJournaled(string stream, EventEnvelope envelope, long sequence) =>
        Working()?.Enqueue(new PendingDelivery(new DeliveryKey(Consumer, stream, sequence), envelope, 0, default));

    /// <summary>
    /// Takes an event this grain produced itself (a source): in durable mode it is committed to the
    /// journal, under a stream of the grain's own, before this completes, so that the answer to the
    /// event's producer (a webhook's 2xx) means stored; in memory mode it is queued, or written to
    /// the spill file while the dispatcher's memory is full. Throws when the journal cannot commit,
    /// so the producer can be told to try again.
    /// </summary>
    protected async Task AcceptAsync(EventEnvelope envelope)
    {
        if (_dispatcher is null) throw new InvalidOperationException($"{Key} has nowhere to deliver yet.");
        if (!delivery.Journal.IsDurable && !_dispatcher.Overflowing)
        {
            _dispatcher.Enqueue(envelope);
            return;
        }
        _ownStream ??= new JournalAppender(delivery.Journal, Consumer, delivery.Time);
        foreach (var owed in await _ownStream.AppendAsync([(envelope, [Consumer])]))
            DeliverJournaled(Consumer, owed.Envelope, owed.Sequence);
    }

    /// <summary>Picks up whatever the journal says this grain still owes (after a crash, or a lost hand-off).</summary>
    public Task Resume()
    {
        if (!Exists || _dispatcher is not { } running)
        {
            // Deleted: the journal forgets it. Not running: starting reads back all it is owed.
            delivery.ResumeOwed(Consumer, Exists ? Working() : null, deleted: !Exists);
            return Task.CompletedTask;
        }
        Working(); // counts as work for the idle check, as any call that may deliver does
        running.LookForLost();
        return Task.CompletedTask;
    }

    // Telemetry is kept on deactivation (the next activation goes on counting where this one stopped), not on removal.
    private async Task StopDeliveringAsync(bool keepTelemetry)
    {
        _idleWatch?.Dispose();
        _idleWatch = null;
        if (_dispatcher is not { } dispatcher) return;
        _dispatcher = null;
        await dispatcher.StopAsync(keepTelemetry);
    }
}
