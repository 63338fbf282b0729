using Mesh.Grains.Brokers;
using Mesh.Grains.Delivery;
using Mesh.Grains.Durability;
using Mesh.Grains.Events;
using Mesh.Grains.Telemetry;

namespace Mesh.Grains.Triggers;

// Triggers stay active: their dispatcher holds queued events and pending retries in memory.
[GrainType("mesh.trigger"), CollectionAgeLimit(AlwaysActive = true)]
public sealed class TriggerGrain(
    [PersistentState("trigger", "mesh")] IPersistentState<TriggerState> state,
    DeliveryServices delivery,
    IGrainFactory grains) : Grain, ITriggerGrain, IReplyTarget
{
    private Dispatcher? _dispatcher;
    // Read by the dispatcher's workers, which run outside the grain's context and so cannot read state.
    private volatile string? _broker;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Spec is not { Active: true, SubscriberUri: not null } spec) return;
        EnsureDispatcher(spec);
        await delivery.ResumeOwedAsync(Consumer, _dispatcher, deleted: false, cancellationToken);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_dispatcher is not null) await _dispatcher.DisposeAsync();
    }

    public async Task Configure(TriggerSpec spec)
    {
        if (state.State.Spec != spec)
        {
            state.State.Spec = spec;
            await state.WriteStateAsync();
        }
        var router = Router(spec.Broker);
        if (spec is { Active: true, SubscriberUri: not null })
        {
            var resume = _dispatcher is null;
            EnsureDispatcher(spec);
            if (resume) await delivery.ResumeOwedAsync(Consumer, _dispatcher, deleted: false, CancellationToken.None);
            await router.SetTrigger(this.GetPrimaryKeyString(), spec.Filter);
        }
        else
        {
            await router.RemoveTrigger(this.GetPrimaryKeyString());
        }
    }

    public async Task Remove()
    {
        _broker = null;
        if (state.State.Spec is { } spec) await Router(spec.Broker).RemoveTrigger(this.GetPrimaryKeyString());
        if (_dispatcher is not null)
        {
            await _dispatcher.DisposeAsync();
            _dispatcher = null;
        }
        delivery.Journal.Forget(Consumer);
        if (state.RecordExists) await state.ClearStateAsync();
        state.State = new TriggerState();
        DeactivateOnIdle();
    }

    public Task Deliver(EventEnvelope envelope)
    {
        _dispatcher?.Enqueue(envelope);
        return Task.CompletedTask;
    }

    public Task DeliverJournaled(EventEnvelope envelope, long sequence)
    {
        if (_broker is { } broker)
            _dispatcher?.Enqueue(new PendingDelivery(new DeliveryKey(Consumer, JournalNames.Broker(broker), sequence), envelope, 0, default));
        return Task.CompletedTask;
    }

    public Task Resume() => delivery.ResumeOwedAsync(Consumer, _dispatcher, deleted: state.State.Spec is null, CancellationToken.None);

    private string Consumer => JournalNames.Trigger(this.GetPrimaryKeyString());

    public async Task<bool> IsSubscribed() =>
        state.State.Spec is { } spec && await Router(spec.Broker).HasTrigger(this.GetPrimaryKeyString());

    async Task<bool> IReplyTarget.AcceptReplyAsync(EventEnvelope reply)
    {
        // Called from the dispatcher's workers, outside the grain's turn: talk to the broker, not to state.
        var broker = _broker;
        return broker is not null
            && await grains.GetGrain<IBrokerGrain>(broker).PublishAs(Identity.OidcSubjects.For("eventing.knative.dev", "Trigger", this.GetPrimaryKeyString()), [reply]) == PublishResult.Accepted;
    }

    private void EnsureDispatcher(TriggerSpec spec)
    {
        _broker = spec.Broker;
        var key = this.GetPrimaryKeyString();
        var target = new DispatchTarget(key, key.Split('/')[0], new Uri(spec.SubscriberUri!), spec.Delivery)
        {
            SubscriberAuth = spec.SubscriberAuth,
            Scope = DeliveryScope.Trigger(key, spec.Broker),
            Sender = Identity.OidcSubjects.For("eventing.knative.dev", "Trigger", key),
        };
        if (_dispatcher is null) _dispatcher = delivery.CreateDispatcher(target, this);
        else _dispatcher.Target = target;
    }

    private IBrokerRouterGrain Router(string broker) => GrainFactory.GetGrain<IBrokerRouterGrain>(broker);
}
