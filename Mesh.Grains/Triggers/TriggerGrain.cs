using Mesh.Grains.Brokers;
using Mesh.Grains.Delivery;
using Mesh.Grains.Durability;
using Mesh.Grains.Events;
using Mesh.Grains.Telemetry;
using Mesh.Grains.Storage;
using Mesh.Grains.Hosting;

namespace Mesh.Grains.Triggers;

// An idle trigger is let go (ReleasedWhenIdle): its router activates it again with its next event.
// One with events queued, in flight, waiting for a retry or owed by the journal stays.
[GrainType("mesh.trigger")]
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

    protected override bool ReleasedWhenIdle => true;

    protected override string? TelemetryKey => $"triggers/{Key}";

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
            // After the state is written: the router vouches for a spec only once it is stored here.
            await router.SetTrigger(Key, spec.Filter, StoredValues.Fingerprint(spec));
        }
        else
        {
            await router.RemoveTrigger(Key);
        }
        ReleaseIfIdle();
    }

    public async Task Remove()
    {
        _broker = null;
        if (Storage.State.Spec is { } spec) await Router(spec.Broker).RemoveTrigger(Key);
        await RemoveDeliveringAsync();
    }

    public Task DeliverJournaled(EventEnvelope envelope, long sequence)
    {
        if (Storage.State.Spec is { } spec) DeliverJournaled(JournalNames.Broker(spec.Broker), envelope, sequence);
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
