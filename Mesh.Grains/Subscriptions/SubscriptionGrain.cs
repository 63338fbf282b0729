using Mesh.Grains.Channels;
using Mesh.Grains.Delivery;
using Mesh.Grains.Durability;
using Mesh.Grains.Events;
using Mesh.Grains.Telemetry;

namespace Mesh.Grains.Subscriptions;

// Attached to its channel grain, which hands it every event. Subscriptions stay active: their dispatcher holds queued events and pending retries in memory.
[GrainType("mesh.subscription"), CollectionAgeLimit(AlwaysActive = true)]
public sealed class SubscriptionGrain(
    [PersistentState("subscription", "mesh")] IPersistentState<SubscriptionState> state,
    DeliveryServices delivery) : Grain, ISubscriptionGrain
{
    private Dispatcher? _dispatcher;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Spec is { } spec) await ApplyAsync(spec);
        await delivery.ResumeOwedAsync(Consumer, _dispatcher, deleted: false, cancellationToken);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_dispatcher is not null) await _dispatcher.DisposeAsync();
    }

    public async Task Configure(SubscriptionSpec spec)
    {
        if (state.State.Spec != spec)
        {
            state.State.Spec = spec;
            await state.WriteStateAsync();
        }
        var resume = _dispatcher is null;
        await ApplyAsync(spec);
        if (resume) await delivery.ResumeOwedAsync(Consumer, _dispatcher, deleted: false, CancellationToken.None);
    }

    public async Task Remove()
    {
        await UnsubscribeAsync();
        if (_dispatcher is not null)
        {
            await _dispatcher.DisposeAsync();
            _dispatcher = null;
        }
        delivery.Journal.Forget(Consumer);
        if (state.RecordExists) await state.ClearStateAsync();
        state.State = new SubscriptionState();
        DeactivateOnIdle();
    }

    public async Task<bool> IsSubscribed() =>
        state.State.Spec is { } spec && await Channel(spec).HasSubscriber(this.GetPrimaryKeyString());

    public Task DeliverJournaled(EventEnvelope envelope, long sequence)
    {
        if (state.State.Spec is { } spec)
            _dispatcher?.Enqueue(new PendingDelivery(new DeliveryKey(Consumer, JournalNames.Channel(spec.Channel), sequence), envelope, 0, default));
        return Task.CompletedTask;
    }

    public Task Resume() => delivery.ResumeOwedAsync(Consumer, _dispatcher, deleted: state.State.Spec is null, CancellationToken.None);

    private string Consumer => JournalNames.Subscription(this.GetPrimaryKeyString());

    private IChannelGrain Channel(SubscriptionSpec spec) => GrainFactory.GetGrain<IChannelGrain>(spec.Channel);

    public Task Deliver(EventEnvelope envelope)
    {
        _dispatcher?.Enqueue(envelope);
        return Task.CompletedTask;
    }

    private async Task ApplyAsync(SubscriptionSpec spec)
    {
        var destination = spec.SubscriberUri ?? spec.ReplyUri;
        if (!spec.Active || destination is null)
        {
            await UnsubscribeAsync();
            return;
        }
        var key = this.GetPrimaryKeyString();
        // Without a subscriber, Knative forwards events to the reply as they are.
        var target = new DispatchTarget(key, key.Split('/')[0], new Uri(destination), spec.Delivery)
        {
            Reply = spec.SubscriberUri is null || spec.ReplyUri is null ? null : new Uri(spec.ReplyUri),
            CountsBrokerHops = false,
            SubscriberAuth = spec.SubscriberUri is null ? spec.ReplyAuth : spec.SubscriberAuth,
            ReplyAuth = spec.ReplyAuth,
            Sender = Identity.OidcSubjects.For("messaging.knative.dev", "Subscription", key),
            Scope = DeliveryScope.Subscription(key, spec.Channel),
        };
        if (_dispatcher is null) _dispatcher = delivery.CreateDispatcher(target, replies: null);
        else _dispatcher.Target = target;

        await Channel(spec).Attach(key);
    }

    private async Task UnsubscribeAsync()
    {
        if (state.State.Spec is { } spec) await Channel(spec).Detach(this.GetPrimaryKeyString());
    }
}
