using Mesh.Grains.Brokers;
using Mesh.Grains.Delivery;
using Mesh.Grains.Events;
using Mesh.Grains.Filtering;
using Orleans.Streams;

namespace Mesh.Grains.Triggers;

// Triggers stay active: their dispatcher holds queued events and pending retries in memory.
[GrainType("mesh.trigger"), CollectionAgeLimit(AlwaysActive = true)]
public sealed class TriggerGrain(
    [PersistentState("trigger", "mesh")] IPersistentState<TriggerState> state,
    DeliveryServices delivery,
    IGrainFactory grains) : Grain, ITriggerGrain, IAsyncObserver<EventEnvelope>, IReplyTarget
{
    private IEventFilter _filter = MatchAllFilter.Instance;
    private Dispatcher? _dispatcher;
    // Read by the dispatcher's workers, which run outside the grain's context and so cannot read state.
    private volatile string? _broker;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Spec is { } spec) await ApplyAsync(spec);
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
        await ApplyAsync(spec);
    }

    public async Task Remove()
    {
        _broker = null;
        await UnsubscribeAsync();
        if (_dispatcher is not null)
        {
            await _dispatcher.DisposeAsync();
            _dispatcher = null;
        }
        if (state.RecordExists) await state.ClearStateAsync();
        state.State = new TriggerState();
        DeactivateOnIdle();
    }

    public async Task<bool> IsSubscribed() => (await Stream().GetAllSubscriptionHandles()).Count > 0;

    public Task OnNextAsync(EventEnvelope item, StreamSequenceToken? token = null)
    {
        if (_dispatcher is { } dispatcher && _filter.Matches(item)) dispatcher.Enqueue(item);
        return Task.CompletedTask;
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;

    async Task<bool> IReplyTarget.AcceptReplyAsync(EventEnvelope reply)
    {
        // Called from the dispatcher's workers, outside the grain's turn: talk to the broker, not to state.
        var broker = _broker;
        return broker is not null
            && await grains.GetGrain<IBrokerGrain>(broker).Publish([reply]) == PublishResult.Accepted;
    }

    private async Task ApplyAsync(TriggerSpec spec)
    {
        if (!spec.Active || spec.SubscriberUri is null)
        {
            await UnsubscribeAsync();
            return;
        }
        _filter = FilterCompiler.Compile(spec.Filter);
        _broker = spec.Broker;
        var target = new DispatchTarget(this.GetPrimaryKeyString(), Namespace, new Uri(spec.SubscriberUri), spec.Delivery);
        if (_dispatcher is null) _dispatcher = delivery.CreateDispatcher(target, this);
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

    private string Namespace => this.GetPrimaryKeyString().Split('/')[0];

    private IAsyncStream<EventEnvelope> Stream() =>
        this.GetStreamProvider(BrokerStreams.ProviderName).GetStream<EventEnvelope>(
            BrokerStreams.ForBroker(state.State.Spec?.Broker ?? throw new InvalidOperationException("trigger has no broker")));
}
