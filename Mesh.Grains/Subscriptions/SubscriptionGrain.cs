using Mesh.Grains.Brokers;
using Mesh.Grains.Channels;
using Mesh.Grains.Delivery;
using Mesh.Grains.Durability;
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
        await ResumeFromJournalAsync(cancellationToken);
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
        if (resume) await ResumeFromJournalAsync(CancellationToken.None);
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
        state.State.Spec is { } spec && (delivery.Journal.IsDurable
            ? await Channel(spec).HasSubscriber(this.GetPrimaryKeyString())
            : (await Stream().GetAllSubscriptionHandles()).Count > 0);

    public Task DeliverJournaled(EventEnvelope envelope, long sequence)
    {
        if (state.State.Spec is { } spec)
            _dispatcher?.Enqueue(new PendingDelivery(new DeliveryKey(Consumer, JournalNames.Channel(spec.Channel), sequence), envelope, 0, default));
        return Task.CompletedTask;
    }

    public async Task Resume()
    {
        if (state.State.Spec is null) delivery.Journal.Forget(Consumer);
        else await ResumeFromJournalAsync(CancellationToken.None);
    }

    private async Task ResumeFromJournalAsync(CancellationToken cancellationToken)
    {
        if (_dispatcher is not { } dispatcher || !delivery.Journal.IsDurable) return;
        foreach (var pending in await delivery.Journal.LoadPendingAsync(Consumer, cancellationToken))
            if (dispatcher.Enqueue(pending)) delivery.Metrics.Recovered.Add(1);
    }

    private string Consumer => JournalNames.Subscription(this.GetPrimaryKeyString());

    private IChannelGrain Channel(SubscriptionSpec spec) => GrainFactory.GetGrain<IChannelGrain>(spec.Channel);

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

        if (delivery.Journal.IsDurable)
        {
            await Channel(spec).Attach(key);
            return;
        }
        var handles = await Stream().GetAllSubscriptionHandles();
        if (handles.Count == 0) await Stream().SubscribeAsync(this);
        else foreach (var handle in handles) await handle.ResumeAsync(this);
    }

    private async Task UnsubscribeAsync()
    {
        if (state.State.Spec is not { } spec) return;
        if (delivery.Journal.IsDurable)
        {
            await Channel(spec).Detach(this.GetPrimaryKeyString());
            return;
        }
        foreach (var handle in await Stream().GetAllSubscriptionHandles())
            await handle.UnsubscribeAsync();
    }

    private IAsyncStream<EventEnvelope> Stream() =>
        this.GetStreamProvider(BrokerStreams.ProviderName).GetStream<EventEnvelope>(
            BrokerStreams.ForChannel(state.State.Spec?.Channel ?? throw new InvalidOperationException("subscription has no channel")));
}
