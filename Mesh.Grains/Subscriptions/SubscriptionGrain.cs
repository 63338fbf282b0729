using Mesh.Grains.Brokers;
using Mesh.Grains.Delivery;
using Mesh.Grains.Events;
using Orleans.Streams;

namespace Mesh.Grains.Subscriptions;

// Subscriptions stay active: their dispatcher holds queued events and pending retries in memory.
[GrainType("mesh.subscription"), CollectionAgeLimit(AlwaysActive = true)]
public sealed class SubscriptionGrain(
    [PersistentState("subscription", "mesh")] IPersistentState<SubscriptionState> state,
    DeliveryServices delivery) : Grain, ISubscriptionGrain, IAsyncObserver<EventEnvelope>
{
    private Dispatcher? _dispatcher;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Spec is { } spec) await ApplyAsync(spec);
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
        await ApplyAsync(spec);
    }

    public async Task Remove()
    {
        await UnsubscribeAsync();
        if (_dispatcher is not null)
        {
            await _dispatcher.DisposeAsync();
            _dispatcher = null;
        }
        if (state.RecordExists) await state.ClearStateAsync();
        state.State = new SubscriptionState();
        DeactivateOnIdle();
    }

    public async Task<bool> IsSubscribed() =>
        state.State.Spec is not null && (await Stream().GetAllSubscriptionHandles()).Count > 0;

    public Task OnNextAsync(EventEnvelope item, StreamSequenceToken? token = null)
    {
        _dispatcher?.Enqueue(item);
        return Task.CompletedTask;
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;

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
        };
        if (_dispatcher is null) _dispatcher = delivery.CreateDispatcher(target, replies: null);
        else _dispatcher.Target = target;

        var handles = await Stream().GetAllSubscriptionHandles();
        if (handles.Count == 0) await Stream().SubscribeAsync(this);
        else foreach (var handle in handles) await handle.ResumeAsync(this);
    }

    private async Task UnsubscribeAsync()
    {
        if (state.State.Spec is null) return;
        foreach (var handle in await Stream().GetAllSubscriptionHandles())
            await handle.UnsubscribeAsync();
    }

    private IAsyncStream<EventEnvelope> Stream() =>
        this.GetStreamProvider(BrokerStreams.ProviderName).GetStream<EventEnvelope>(
            BrokerStreams.ForChannel(state.State.Spec?.Channel ?? throw new InvalidOperationException("subscription has no channel")));
}
