using Orleans.Concurrency;
namespace Mesh.Grains.Triggers;

/// <summary>A trigger, keyed <c>"{namespace}/{name}"</c>: takes the events its broker's router matched to it and delivers them.</summary>
[Alias("mesh.ITriggerGrain")]
public interface ITriggerGrain : IGrainWithStringKey
{
    /// <summary>Applies the trigger's spec; an inactive trigger unsubscribes from its broker.</summary>
    [Alias("Configure")]
    Task Configure(TriggerSpec spec);

    /// <summary>Unsubscribes and forgets the trigger.</summary>
    [Alias("Remove")]
    Task Remove();

    /// <summary>Queues an event its broker's router found to match; answered before delivery.</summary>
    [Alias("Deliver"), OneWay]
    Task Deliver(Mesh.Grains.Events.EventEnvelope envelope);

    /// <summary>Durable mode: queues an event the journal holds for this trigger at <paramref name="sequence"/> of its broker.</summary>
    [Alias("DeliverJournaled"), OneWay]
    Task DeliverJournaled(Mesh.Grains.Events.EventEnvelope envelope, long sequence);

    /// <summary>Durable mode: picks up whatever the journal says this trigger still owes (after a crash, or a lost hand-off).</summary>
    [Alias("Resume")]
    Task Resume();

    /// <summary>Whether the trigger is registered with its broker's router.</summary>
    [Alias("IsSubscribed")]
    Task<bool> IsSubscribed();
}
