using Mesh.Grains.Channels;
using Mesh.Grains.Delivery;
using Mesh.Grains.Durability;
using Mesh.Grains.Events;
using Mesh.Grains.Telemetry;
using Mesh.Grains.Storage;

namespace Mesh.Grains.Subscriptions;

// Attached to its channel grain, which hands it every event. Subscriptions stay active: their dispatcher holds queued events and pending retries in memory.
[GrainType("mesh.subscription"), CollectionAgeLimit(AlwaysActive = true)]
public sealed class SubscriptionGrain(
    [PersistentState("subscription", "mesh")] IPersistentState<SubscriptionState> state,
    DeliveryServices delivery) : DeliveringGrain<SubscriptionState>(state, delivery), ISubscriptionGrain
{
    // Read by the dispatcher when it overflows, outside the grain's turn.
    private volatile string? _channel;

    protected override string Consumer => JournalNames.Subscription(Key);

    protected override Func<bool, Task>? Overflow
    {
        get
        {
            var (key, grains) = (Key, GrainFactory);
            return overflowing => _channel is { } channel ? grains.GetGrain<IChannelGrain>(channel).SetOverflowing(key, overflowing) : Task.CompletedTask;
        }
    }

    protected override bool Exists => Storage.State.Spec is not null;

    protected override DispatchTarget? CurrentTarget()
    {
        if (Storage.State.Spec is not { Active: true } spec || (spec.SubscriberUri ?? spec.ReplyUri) is not { } destination) return null;
        _channel = spec.Channel;
        // Without a subscriber, Knative forwards events to the reply as they are.
        return new DispatchTarget(Key, Namespace, new Uri(destination), spec.Delivery)
        {
            Reply = spec.SubscriberUri is null || spec.ReplyUri is null ? null : new Uri(spec.ReplyUri),
            CountsBrokerHops = false,
            // Only a subscriber is asked for a reply; events forwarded straight to the reply are not.
            AsksForReplies = spec.SubscriberUri is not null,
            Ordered = spec.Order == DeliveryOrder.Ordered,
            SubscriberAuth = spec.SubscriberUri is null ? spec.ReplyAuth : spec.SubscriberAuth,
            ReplyAuth = spec.ReplyAuth,
            Sender = Identity.OidcSubjects.For("messaging.knative.dev", "Subscription", Key),
            Scope = DeliveryScope.Subscription(Key, spec.Channel),
        };
    }

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await base.OnActivateAsync(cancellationToken);
        await AttachAsync();
    }

    public async Task Configure(SubscriptionSpec spec)
    {
        if (!StoredValues.Same(Storage.State.Spec, spec))
        {
            Storage.State.Spec = spec;
            await Storage.WriteStateAsync();
        }
        ApplyTarget();
        await AttachAsync();
    }

    public async Task Remove()
    {
        await DetachAsync();
        await RemoveDeliveringAsync();
    }

    public async Task<bool> IsSubscribed() =>
        Storage.State.Spec is { } spec && await Channel(spec).HasSubscriber(Key);

    public Task DeliverJournaled(EventEnvelope envelope, long sequence)
    {
        if (Storage.State.Spec is { } spec) DeliverJournaled(JournalNames.Channel(spec.Channel), envelope, sequence);
        return Task.CompletedTask;
    }

    // An inactive subscription (or one with nowhere to deliver) leaves its channel.
    private async Task AttachAsync()
    {
        if (Storage.State.Spec is not { } spec) return;
        if (CurrentTarget() is null) await DetachAsync();
        else await Channel(spec).Attach(Key);
    }

    private async Task DetachAsync()
    {
        if (Storage.State.Spec is { } spec) await Channel(spec).Detach(Key);
    }

    private IChannelGrain Channel(SubscriptionSpec spec) => GrainFactory.GetGrain<IChannelGrain>(spec.Channel);
}
