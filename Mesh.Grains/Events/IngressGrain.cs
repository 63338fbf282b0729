using Mesh.Grains.Brokers;
using Mesh.Grains.Durability;
using Mesh.Grains.Senders;
using Mesh.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Mesh.Grains.Events;

/// <summary>
/// The part brokers and channels share: a spec and a readiness flag set by the control plane, and a
/// <c>Publish</c> that hands accepted events on — all of them, or none — in memory or through the journal.
/// </summary>
public abstract class IngressGrain<TSpec, TState>(IPersistentState<TState> state, IEventJournal journal, TimeProvider time) : Grain
    where TSpec : class
    where TState : IngressState<TSpec>, new()
{
    /// <summary>The grain's stored spec, readiness and whatever a kind keeps beside them.</summary>
    protected IPersistentState<TState> Storage => state;

    protected IEventJournal Journal => journal;

    protected TimeProvider Time => time;

    /// <summary>Memory mode: hands the events on; completes once the next hop has taken them.</summary>
    protected abstract Task PublishInMemoryAsync(EventEnvelope[] events);

    /// <summary>
    /// Durable mode: stores the events with the consumers they are owed to and hands them over,
    /// completing only once they are committed, so that a 202 means stored, not only queued.
    /// </summary>
    protected abstract Task PublishDurablyAsync(EventEnvelope[] events);

    /// <summary>
    /// Adjusts an event's attributes on the way in (a broker gives it its hop budget); they are a
    /// copy already carrying <c>knativearrivaltime</c>.
    /// </summary>
    protected virtual void OnAccept(Dictionary<string, string> attributes)
    {
    }

    public async Task Configure(TSpec spec, bool ready)
    {
        if (state.RecordExists && StoredValues.Same(state.State.Spec, spec) && state.State.Ready == ready) return;
        state.State.Spec = spec;
        state.State.Ready = ready;
        await state.WriteStateAsync();
    }

    public async Task ConfigureSenders(SenderRules rules)
    {
        if (state.RecordExists && rules.SameAs(state.State.Senders)) return;
        state.State.Senders = rules;
        await state.WriteStateAsync();
    }

    public Task<SenderRules?> Senders()
    {
        // A made-up name asked about by the ingress: its activation must not outlive the answer.
        if (state.State.Spec is null) DeactivateOnIdle();
        return Task.FromResult(state.State.Spec is null ? null : state.State.Senders);
    }

    public async Task Remove()
    {
        if (!state.RecordExists) return;
        await state.ClearStateAsync();
        state.State = new TState();
    }

    public Task<PublishResult> PublishAs(string subject, EventEnvelope[] events)
    {
        if (state.State.Spec is not null && state.State.Senders is { } rules)
        {
            var ns = this.GetPrimaryKeyString().Split('/')[0];
            if (_senders is null || !ReferenceEquals(_senders.Rules, rules))
                _senders = new SenderAuthorization(ns, rules, ServiceProvider.GetRequiredService<IOptions<SenderAuthOptions>>().Value, DateTimeOffset.MinValue);
            if (_senders.NeedsSender && _senders.Refuse(subject, events) is not null) return Task.FromResult(PublishResult.Forbidden);
        }
        return Publish(events);
    }

    private SenderAuthorization? _senders;

    public async Task<PublishResult> Publish(EventEnvelope[] events)
    {
        if (state.State.Spec is null)
        {
            // Anyone can post to a made-up name: its activation must not outlive the answer.
            DeactivateOnIdle();
            return PublishResult.NotFound;
        }
        if (!state.State.Ready) return PublishResult.NotReady;
        // Knative's ingress stamps when the event arrived here, replacing any value it came with
        // (a producer's, or an earlier broker's for a reply): time spent queued is measured from it.
        var arrival = ArrivalTime.Format(time.GetUtcNow());
        var accepted = Array.ConvertAll(events, e =>
        {
            var attributes = new Dictionary<string, string>(e.Attributes, StringComparer.Ordinal) { [CloudEventNames.ArrivalTime] = arrival };
            OnAccept(attributes);
            return e with { Attributes = attributes };
        });
        if (journal.IsDurable) await PublishDurablyAsync(accepted);
        else await PublishInMemoryAsync(accepted);
        return PublishResult.Accepted;
    }
}
