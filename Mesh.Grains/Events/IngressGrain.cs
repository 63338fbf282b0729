using Mesh.Grains.Brokers;
using Mesh.Grains.Durability;

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
        if (state.RecordExists && Equals(state.State.Spec, spec) && state.State.Ready == ready) return;
        state.State.Spec = spec;
        state.State.Ready = ready;
        await state.WriteStateAsync();
    }

    public async Task Remove()
    {
        if (!state.RecordExists) return;
        await state.ClearStateAsync();
        state.State = new TState();
    }

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
