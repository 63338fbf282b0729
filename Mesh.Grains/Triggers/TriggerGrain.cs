using Mesh.Grains.Brokers;
using Mesh.Grains.Delivery;
using Mesh.Grains.Durability;
using Mesh.Grains.Events;
using Mesh.Grains.Telemetry;
using Mesh.Grains.Storage;
using Mesh.Grains.Hosting;

namespace Mesh.Grains.Triggers;

// Triggers stay active: their dispatcher holds queued events and pending retries in memory.
[GrainType("mesh.trigger"), CollectionAgeLimit(AlwaysActive = true)]
public sealed class TriggerGrain(
    [PersistentState("trigger", "mesh")] IPersistentState<TriggerState> state,
    DeliveryServices delivery,
    IGrainFactory grains) : DeliveringGrain<TriggerState>(state, delivery), ITriggerGrain, IReplyTarget
{
    // Read by the dispatcher's workers, which run outside the grain's context and so cannot read state.
    private volatile string? _broker;

    protected override string Consumer => JournalNames.Trigger(Key);

    protected override bool Exists => Storage.State.Spec is not null;

    protected override IReplyTarget? Replies => this;

    protected override Func<bool, Task>? Overflow
    {
        get
        {
            var key = Key;
            return overflowing => _broker is { } broker ? grains.Get<IBrokerRouterGrain>(broker).SetOverflowing(key, overflowing) : Task.CompletedTask;
        }
    }

    protected override DispatchTarget? CurrentTarget()
    {
        if (Storage.State.Spec is not { Active: true, SubscriberUri: { } subscriber } spec) return null;
        _broker = spec.Broker;
        return new DispatchTarget(Key, Namespace, new Uri(subscriber), spec.Delivery)
        {
            Ordered = spec.Order == DeliveryOrder.Ordered,
            SubscriberAuth = spec.SubscriberAuth,
            Scope = DeliveryScope.Trigger(Key, spec.Broker),
            Sender = Identity.OidcSubjects.For("eventing.knative.dev", "Trigger", Key),
        };
    }

    public async Task Configure(TriggerSpec spec)
    {
        if (!StoredValues.Same(Storage.State.Spec, spec))
        {
            Storage.State.Spec = spec;
            await Storage.WriteStateAsync();
        }
        var router = Router(spec.Broker);
        if (spec is { Active: true, SubscriberUri: not null })
        {
            ApplyTarget();
            await router.SetTrigger(Key, spec.Filter);
        }
        else
        {
            await router.RemoveTrigger(Key);
        }
    }

    public async Task Remove()
    {
        _broker = null;
        if (Storage.State.Spec is { } spec) await Router(spec.Broker).RemoveTrigger(Key);
        await RemoveDeliveringAsync();
    }

    public Task DeliverJournaled(EventEnvelope envelope, long sequence)
    {
        if (_broker is { } broker) DeliverJournaled(JournalNames.Broker(broker), envelope, sequence);
        return Task.CompletedTask;
    }

    public async Task<bool> IsSubscribed() =>
        Storage.State.Spec is { } spec && await Router(spec.Broker).HasTrigger(Key);

    Task<PublishResult> IReplyTarget.AcceptReplyAsync(EventEnvelope reply) =>
        // Called from the dispatcher's workers, outside the grain's turn: talk to the broker, not to state.
        // Sent as the trigger, so that the broker's EventPolicies decide as they would at its ingress.
        _broker is { } broker
            ? grains.GetGrain<IBrokerGrain>(broker).PublishAs(Identity.OidcSubjects.For("eventing.knative.dev", "Trigger", Key), [reply])
            : Task.FromResult(PublishResult.NotFound);

    private IBrokerRouterGrain Router(string broker) => GrainFactory.Get<IBrokerRouterGrain>(broker);
}
