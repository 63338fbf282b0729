namespace Mesh.Grains.Subscriptions;

/// <summary>A subscription, keyed <c>"{namespace}/{name}"</c>: attached to its channel, delivers every event the channel takes.</summary>
[Alias("mesh.ISubscriptionGrain")]
public interface ISubscriptionGrain : IGrainWithStringKey
{
    [Alias("Configure")]
    Task Configure(SubscriptionSpec spec);

    [Alias("Remove")]
    Task Remove();

    /// <summary>Memory mode: queues an event from its channel; answered before delivery.</summary>
    [Alias("Deliver"), Orleans.Concurrency.OneWay]
    Task Deliver(Mesh.Grains.Events.EventEnvelope envelope);

    /// <summary>Durable mode: queues an event the journal holds for this subscription at <paramref name="sequence"/> of its channel.</summary>
    [Alias("DeliverJournaled"), Orleans.Concurrency.OneWay]
    Task DeliverJournaled(Mesh.Grains.Events.EventEnvelope envelope, long sequence);

    /// <summary>Durable mode: picks up whatever the journal says this subscription still owes.</summary>
    [Alias("Resume")]
    Task Resume();

    [Alias("IsSubscribed")]
    Task<bool> IsSubscribed();
}
