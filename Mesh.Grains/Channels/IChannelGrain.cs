using Mesh.Grains.Senders;
using Mesh.Grains.Brokers;
using Mesh.Grains.Events;
using Orleans.Concurrency;

namespace Mesh.Grains.Channels;

/// <summary>A channel, keyed <c>"{namespace}/{name}"</c>: accepts events and hands every one to every subscription.</summary>
[Alias("mesh.IChannelGrain")]
public interface IChannelGrain : IGrainWithStringKey
{
    [Alias("Configure")]
    Task Configure(ChannelSpec spec, bool ready);

    /// <summary>Stores who may send to the channel (its audience and the EventPolicies that apply).</summary>
    [Alias("ConfigureSenders")]
    Task ConfigureSenders(SenderRules rules);

    /// <summary>Who may send, for the ingress; null when the channel does not exist or was never configured.</summary>
    [Alias("Senders"), AlwaysInterleave, ReadOnly]
    Task<SenderRules?> Senders();

    [Alias("Remove")]
    Task Remove();

    /// <summary>Offers events to the channel: all are taken, or none.</summary>
    [Alias("Publish"), AlwaysInterleave]
    Task<PublishResult> Publish(EventEnvelope[] events);

    /// <summary>A subscription asks for every event the channel takes from now on.</summary>
    [Alias("Attach")]
    Task Attach(string subscription);

    [Alias("Detach")]
    Task Detach(string subscription);

    [Alias("HasSubscriber")]
    Task<bool> HasSubscriber(string subscription);

    /// <summary>
    /// Memory mode: while a subscription's memory is full, the channel journals its events (in the
    /// spill file) before handing them over, so that a disk that refuses is a 503 for the producer.
    /// </summary>
    [Alias("SetOverflowing")]
    Task SetOverflowing(string subscription, bool overflowing);
}
